"""Builds lookalikes.yaml: real drug names that are NOT dmtx drugs but look or sound like one.
`unverified: true` = the pair is one we believe appears on the (login-walled) current ISMP
List of Confused Drug Names or FDA tall-man list, but we did not see it in any stored copy;
or (for stem/prefix kinds) no published confusion report was found, only the name shape.
"""
import yaml

SRC = {
    "fda_tallman_copy": "FDA Name Differentiation Project tall-man list (https://www.fda.gov/drugs/medication-errors-related-cder-regulated-drug-products/fda-name-differentiation-project); pair seen in a copy: github cosmic-hash/t9-hackathon misc/LASA.json",
    "au_tallman": "Australian Commission on Safety and Quality in Health Care, National Tall Man Lettering List 2020, via https://gist.github.com/SwadicalRag/103ab238eec98812c79e69737d067a47",
    "nabp_ismp": "ISMP column on NABP site: typing 'met' brings up methylphenidate, methadone, metolazone, methotrexate, metformin, metronidazole — https://nabp.pharmacy/news/blog/regulatory_news/pharmacies-can-address-these-two-hazards-to-improve-safety-programs/",
    "ismp_2023_news": "ISMP 2023 list update (new pairs incl. hydrochlorothiazide and hydroxychloroquine) — https://qa00.mdedge.com/cardiology/article/264591/mixed-topics/drug-name-confusion-more-80-new-drug-pairs-added-list/page/0/1",
    "ismp_list_walled": "ISMP List of Confused Drug Names (2023), https://www.ismp.org/recommendations/confused-drug-names-list — current list is login-walled; pair NOT seen in a stored copy",
    "pharmacytimes_2006": "Pharmacy Times, Drug Name Confusion (Foltx–Folex), Oct 2006 — http://www.pharmacytimes.com/print.php?url=/publications/issue/2006/2006-10/2006-10-5963",
    "hl7_prednisolone": "HL7 PDDI value set for prednisolone (RxNorm brands) — https://build.fhir.org/ig/HL7/PDDI-CDS/branches/__default/en/ValueSet-valueset-prednisolone.html",
    "hl7_cyclosporine": "HL7 PDDI value set for cyclosporine (RxNorm) — https://www.hl7.org/fhir/uv/pddi/2023Jan/ValueSet-valueset-cyclosporine.ttl.html",
    "atc_l01": "WHO ATC L01AA/L01AB alkylating agents list (cyclophosphamide, chlorambucil, melphalan, ifosfamide, prednimustine, busulfan) — https://build.fhir.org/ig/hl7-eu/pcsp/ValueSet-drugsAtc-eu-pcsp.html",
    "epic_gvhd": "Epic BMT GVHD drug list (sirolimus/Rapamune, everolimus, infliximab, alemtuzumab, cyclophosphamide/Cytoxan) — https://open.epic.com/EHITables/GetTable/BMT_GVHD_DRUGS.htm",
    "usan_stems": "USAN/INN stem rules (-ximab chimeric mAb, -zumab humanized mAb, -limus mTOR/calcineurin immunosuppressant, -citinib JAK inhibitor, -fosfamide): NLM Drug Portal generic-name stems https://druginfo.nlm.nih.gov/drugportal/jsp/drugportal/DrugNameGenericStems.jsp (cited in https://publications.ashp.org/display/book/9781585285020/back-5.xml)",
    "acr_mmf": "American College of Rheumatology patient page 'Mycophenolate Mofetil (CellCept) and Mycophenolate Sodium (Myfortic)' — https://rheumatology.org/patients/mycophenolate-mofetil-cellcept-and-mycophenolate-sodium-myfortic",
    "dictcom_hcq": "Dictionary.com 'hydroxychloroquine' usage note (closely related to chloroquine, brand Aralen) — https://www.dictionary.com/browse/hydroxychloroquine",
    "fda_ndc_gamastan": "openFDA NDC 13533-635 GAMASTAN immune globulin (human), Grifols — https://api.fda.gov/drug/ndc.json?search=packaging.package_ndc%3A%2213533-635-04%22",
    "fda_ndc_gammaked": "openFDA NDC 76125-900 GAMMAKED immune globulin (human) 10%, Kedrion — https://api.fda.gov/drug/ndc.json?search=packaging.package_ndc%3A%2276125-900-50%22",
    "fda_ndc_cytogam": "openFDA NDC 49591-532 Cytogam, cytomegalovirus immune globulin (human), IV — https://api.fda.gov/drug/ndc.json?search=product_ndc%3A%2249591-532%22",
    "chembl_fedratinib": "ChEMBL USAN list (fedratinib, JAK2 inhibitor) — https://chembl.github.io/missing-usans-for-september",
    "drugcentral_mp": "DrugCentral: azathioprine is a pro-drug of 6-mercaptopurine — http://drugcentral.org/?q=mercaptopurine",
    "mtx_leucovorin": "Patient page pairing methotrexate with 'Folinic acid or Leucovorin' — https://fibromyalgiawomen.com/methotrexate-hair-loss/",
    "katzung_abciximab": "Katzung & Trevor key drugs list (abciximab, GPIIb/IIIa mAb) — https://doctorlib.info/pharmacology/pharmacology-examination-board-review/62.html",
    "tfd_mtx_es": "TheFreeDictionary translations (metotrexato) — https://www.thefreedictionary.com/methotrexate",
}

L = []
def X(name, is_, looks_like, kind, src, unverified=False, note=None, ours_soon=False):
    r = {"name": name, "is": is_, "looks_like": looks_like, "kind": kind, "source": SRC[src] if src in SRC else src}
    if unverified:
        r["unverified"] = True
    if ours_soon:
        r["ours_soon"] = True
    if note:
        r["note"] = note
    L.append(r)

# --- cyclosporine ---
X("cycloserine", "an antibiotic for tuberculosis (brand Seromycin)", "cyclosporine", "tall-man pair", "fda_tallman_copy",
  note="also on the Australian list as cyclosERINE vs ciclosPORIN/cyclosPORIN")
X("Sandostatin", "octreotide, a hormone analogue for acromegaly and gut tumours", "Sandimmune (cyclosporine)", "brand sound-alike",
  "ismp_list_walled", unverified=True)
X("cyclophosphamide", "a chemotherapy/immunosuppressant alkylating drug (brand Cytoxan)", "cyclosporine", "related-but-different (shared cyclo- start)",
  "atc_l01", unverified=True, ours_soon=True, note="will become a dmtx drug id; keep as a confusable, not an alias of cyclosporine")
X("Restasis", "cyclosporine eye drops for dry eye", "cyclosporine / Sandimmune / Neoral", "same ingredient, different product and use",
  "https://www.merriam-webster.com/dictionary/cyclosporine", note="M-W example: 'These drops are called cyclosporine (Restasis)'; not the DM medicine")
X("Optimmune", "cyclosporine eye ointment for dogs (veterinary)", "cyclosporine / Sandimmune", "same ingredient, veterinary brand", "hl7_cyclosporine")
# --- azathioprine ---
X("azacitidine", "a chemotherapy drug for myelodysplastic syndrome (brand Vidaza)", "azathioprine", "look-alike generic (aza- start)",
  "ismp_list_walled", unverified=True)
X("azithromycin", "an antibiotic (brand Zithromax)", "azathioprine", "tall-man pair", "au_tallman",
  note="Australian list: azATHIOPRINE / aziTHROMYCIN")
X("Azulfidine", "sulfasalazine, for ulcerative colitis and arthritis", "azathioprine", "brand vs generic look-alike", "ismp_list_walled", unverified=True)
X("Imdur", "isosorbide mononitrate, for angina", "Imuran (azathioprine)", "brand look-alike", "ismp_list_walled", unverified=True)
X("Inderal", "propranolol, a beta blocker", "Imuran (azathioprine)", "brand look-alike", "ismp_list_walled", unverified=True)
X("mercaptopurine", "a thiopurine chemotherapy/IBD drug (brand Purinethol); azathioprine's active breakdown product", "azathioprine",
  "related-but-different", "drugcentral_mp")
X("Azasite", "azithromycin eye drops", "Azasan (azathioprine)", "brand look-alike", "ismp_list_walled", unverified=True,
  note="no report seen; shape only")
# --- chlorambucil ---
X("Myleran", "busulfan, an alkylating chemotherapy drug", "Leukeran (chlorambucil)", "brand sound-alike (-eran)", "ismp_list_walled",
  unverified=True, note="busulfan itself is listed in ATC L01AB (stored page)")
X("Alkeran", "melphalan, an alkylating chemotherapy drug", "Leukeran (chlorambucil)", "brand sound-alike (-eran)", "ismp_list_walled",
  unverified=True, note="melphalan listed in ATC L01AA next to chlorambucil (stored page)")
X("chlorpromazine", "an antipsychotic (brand Thorazine)", "chlorambucil", "prefix look-alike (chlor-)", "fda_tallman_copy", unverified=True,
  note="chlorproMAZINE is on the FDA tall-man list (vs chlorproPAMIDE); no report pairs it with chlorambucil")
X("chlorpropamide", "an old diabetes pill (sulfonylurea)", "chlorambucil", "prefix look-alike (chlor-)", "fda_tallman_copy", unverified=True,
  note="tall-man pair is with chlorpromazine; chlorambucil similarity is shape only")
X("chloramphenicol", "an antibiotic", "chlorambucil", "prefix look-alike (chlor-)", "usan_stems", unverified=True, note="shape only")
X("leucovorin", "folinic acid, a methotrexate 'rescue' vitamin", "Leukeran (chlorambucil)", "sound-alike start (leu-)", "mtx_leucovorin",
  unverified=True, note="real risk context: patients on methotrexate may be given leucovorin; no published pair seen")
X("prednimustine", "an alkylating chemotherapy drug (chlorambucil-prednisolone ester)", "prednisone / chlorambucil", "related-but-different", "atc_l01")
# --- methotrexate ---
X("metolazone", "a diuretic (water pill)", "methotrexate", "first-letters look-alike (met-)", "nabp_ismp")
X("methadone", "an opioid", "methotrexate", "first-letters look-alike (met-)", "nabp_ismp")
X("metformin", "a diabetes pill", "methotrexate", "first-letters look-alike (met-)", "nabp_ismp")
X("methylphenidate", "an ADHD stimulant (brand Ritalin)", "methotrexate", "first-letters look-alike (met-)", "nabp_ismp")
X("metronidazole", "an antibiotic (brand Flagyl)", "methotrexate", "first-letters look-alike (met-)", "nabp_ismp")
X("Foltx", "a folic acid + B6 + B12 tablet", "Folex (a former injectable methotrexate brand)", "brand sound-alike",
  "pharmacytimes_2006", note="Folex is a methotrexate brand not in the guide's list")
# --- prednisone / steroids ---
X("prednisolone", "a related but different steroid (more used in the UK)", "prednisone", "related-but-different", "hl7_prednisolone",
  note="guide lists it as 'related' under prednisone; queries about it should not be answered as if it were prednisone")
X("Pred Forte", "prednisolone acetate eye drops", "pred (slang for prednisone)", "slang collision", "hl7_prednisolone")
X("Orapred", "prednisolone oral liquid / dissolving tablets", "prednisone", "brand of related drug", "hl7_prednisolone")
X("Pediapred", "prednisolone oral liquid for children", "prednisone", "brand of related drug", "hl7_prednisolone")
X("Millipred", "prednisolone tablets", "prednisone", "brand of related drug", "hl7_prednisolone")
X("Veripred", "prednisolone oral solution", "prednisone", "brand of related drug", "hl7_prednisolone")
X("methylprednisolone", "a related steroid (brands Medrol, Solu-Medrol)", "prednisone", "related-but-different", "au_tallman",
  ours_soon=True, note="will become a dmtx drug id; Australian list carries SOLU-medrol / DEPO-medrol")
X("Solu-Cortef", "hydrocortisone injection", "Solu-Medrol (methylprednisolone)", "tall-man pair", "au_tallman")
X("Depo-Provera", "medroxyprogesterone contraceptive injection", "Depo-Medrol (methylprednisolone)", "tall-man pair", "au_tallman")
X("medroxyprogesterone", "a progestin hormone", "methylprednisolone", "look-alike generic", "ismp_list_walled", unverified=True,
  note="believed on FDA/ISMP tall-man list as medroxyPROGESTERone / methylPREDNISolone; not in the stored copy")
# --- hydroxychloroquine ---
X("hydrochlorothiazide", "a diuretic (water pill)", "hydroxychloroquine", "look-alike generic", "ismp_2023_news")
X("hydroxyurea", "a chemotherapy / sickle-cell drug (brand Hydrea)", "hydroxychloroquine", "prefix look-alike (hydroxy-)", "au_tallman",
  unverified=True, note="Australian list has hydreA vs hydreNE; hydroxyurea vs HCQ pair not seen")
X("hydroxyzine", "an antihistamine for itch/anxiety (brands Atarax, Vistaril)", "hydroxychloroquine", "prefix look-alike (hydroxy-)",
  "fda_tallman_copy", unverified=True, note="hydrOXYzine is a tall-man name (vs hydrALAZINE); HCQ pair shape only")
X("chloroquine", "an older antimalarial (brand Aralen)", "hydroxychloroquine", "related-but-different", "dictcom_hcq")
X("hydrocortisone", "a mild steroid (pills, creams)", "hydroxychloroquine", "prefix look-alike", "ismp_list_walled", unverified=True)
# --- rituximab / monoclonal antibodies ---
X("infliximab", "an anti-TNF antibody infusion (brand Remicade)", "rituximab", "-ximab stem", "epic_gvhd", unverified=True,
  note="believed ISMP tall-man pair inFLIXimab / riTUXimab; infliximab itself confirmed on stored list")
X("cetuximab", "an anti-EGFR cancer antibody (brand Erbitux)", "rituximab", "-ximab stem", "usan_stems")
X("siltuximab", "an anti-IL-6 antibody for Castleman disease (brand Sylvant)", "rituximab", "-ximab stem", "usan_stems")
X("basiliximab", "an anti-CD25 antibody for transplant (brand Simulect)", "rituximab", "-ximab stem", "usan_stems")
X("abciximab", "an antiplatelet antibody (brand ReoPro)", "rituximab", "-ximab stem", "katzung_abciximab")
X("obinutuzumab", "another anti-CD20 antibody for leukemia (brand Gazyva)", "rituximab", "related-but-different (same target)", "usan_stems")
X("ocrelizumab", "an anti-CD20 antibody for multiple sclerosis (brand Ocrevus)", "rituximab", "related-but-different (same target)", "usan_stems")
X("ofatumumab", "an anti-CD20 antibody (brands Arzerra, Kesimpta)", "rituximab", "related-but-different (same target)", "usan_stems")
X("alemtuzumab", "an anti-CD52 antibody (brands Campath, Lemtrada)", "rituximab", "monoclonal antibody (-mab)", "epic_gvhd")
X("Rituxan Hycela", "rituximab + hyaluronidase for injection under the skin", "Rituxan (rituximab)", "brand-suffix family", "ismp_list_walled",
  unverified=True, note="same antibody, different product/route; dose not interchangeable")
# --- tacrolimus (soon) ---
X("sirolimus", "an mTOR immunosuppressant (brand Rapamune)", "tacrolimus", "-limus stem", "epic_gvhd")
X("everolimus", "an mTOR inhibitor (brands Afinitor, Zortress)", "tacrolimus", "-limus stem", "epic_gvhd")
X("pimecrolimus", "an eczema cream (brand Elidel)", "tacrolimus", "-limus stem", "usan_stems")
X("temsirolimus", "an IV kidney-cancer drug (brand Torisel)", "tacrolimus", "-limus stem", "usan_stems")
X("Prozac", "fluoxetine, an antidepressant", "Prograf (tacrolimus)", "brand look-alike", "ismp_list_walled", unverified=True)
# --- cyclophosphamide (soon) ---
X("Cytotec", "misoprostol, for stomach ulcers", "Cytoxan (cyclophosphamide)", "brand look-alike", "ismp_list_walled", unverified=True)
X("ifosfamide", "an alkylating chemotherapy drug (brand Ifex)", "cyclophosphamide", "-fosfamide stem", "atc_l01")
# --- mycophenolate ---
X("mycophenolic acid", "mycophenolate sodium, delayed-release (brand Myfortic)", "mycophenolate mofetil (CellCept)", "related-but-different",
  "acr_mmf", note="guide lists Myfortic as related; doses are not mg-for-mg interchangeable")
# --- IVIG ---
X("GamaSTAN", "immune globulin given into a muscle (hepatitis A / measles protection), not IV", "Gammagard / IVIG", "brand family look-alike",
  "fda_ndc_gamastan")
X("Gammaked", "an IVIG 10% (Kedrion label of the Gamunex-C product)", "Gamunex-C / Gammagard", "brand-suffix family", "fda_ndc_gammaked",
  note="it IS an IVIG but is not in the guide's brand list — a search should map it to drug:ivig with a caveat, not to nothing")
X("Cytogam", "cytomegalovirus immune globulin, IV (hyperimmune, for transplant CMV)", "IVIG / Gamunex / Gammagard", "related-but-different",
  "fda_ndc_cytogam")
# --- tofacitinib ---
X("fedratinib", "a JAK2 inhibitor for myelofibrosis (brand Inrebic)", "tofacitinib", "-tinib stem (JAK)", "chembl_fedratinib")
X("baricitinib", "a JAK inhibitor for arthritis (brand Olumiant)", "tofacitinib", "-citinib stem (JAK)", "usan_stems",
  note="same drug class; guide's beyond:jak-inhibitors is about the class, drug:tofacitinib is not baricitinib")
X("upadacitinib", "a JAK inhibitor (brand Rinvoq)", "tofacitinib", "-citinib stem (JAK)", "usan_stems")
X("ruxolitinib", "a JAK inhibitor for myelofibrosis and GVHD (brand Jakafi)", "tofacitinib", "-tinib stem (JAK)", "usan_stems")
X("Xeloda", "capecitabine, an oral chemotherapy", "Xeljanz (tofacitinib)", "brand look-alike (Xel-)", "ismp_list_walled", unverified=True,
  note="shape only; no report seen")

def main():
    names = [x["name"].lower() for x in L]
    assert len(names) == len(set(names)), "duplicate names"
    n_unv = sum(1 for x in L if x.get("unverified"))
    with open("/work/research/search-sets/lookalikes.yaml", "w") as f:
        f.write(f"# Real drug names that are NOT dmtx drugs but look/sound like one of ours. {len(L)} items, {n_unv} unverified.\n")
        f.write("# Use: a query naming one of these must not be answered as if it named our drug (or should say 'not in this guide').\n")
        f.write("# ours_soon: true = will become a dmtx drug id (methylprednisolone, tacrolimus, cyclophosphamide); keep as confusable of the OTHER drug.\n")
        yaml.safe_dump({"lookalikes": L}, f, sort_keys=False, allow_unicode=True, width=120)
    print(len(L), "items,", n_unv, "unverified")

if __name__ == "__main__":
    main()
