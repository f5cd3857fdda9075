"""Builds misspellings.yaml: misspellings / variant spellings / slang of our drug names as people write them.
synthetic: true  = plausible typo we made up because no stored source showed it (or only a machine-generated typo list did).
kind: typo | variant-spelling | foreign-spelling | slang | abbreviation | old-name | case/spacing
"""
import yaml

M = []
def X(text, drug, kind, source, seen, synthetic=False, note=None):
    r = {"text": text, "drug": drug, "kind": kind}
    if synthetic:
        r["synthetic"] = True
    r["source"] = source
    if seen:
        r["seen_as"] = seen
    if note:
        r["note"] = note
    M.append(r)

# ---- found in stored public text ----
X("predisone", "prednisone", "typo", "https://www.drugs.com/misspellings/predisone.html", "Predisone is a common misspelling of prednisone.",
  note="drugs.com keeps pages for misspellings users type into its search")
X("prednizone", "prednisone", "typo", "https://www.thefreedictionary.com/Prednizone",
  "insanely high doses of prednizone so I couldn't sleep - I buzzed all the time", note="quoted patient speech in a news example")
X("Prednison", "prednisone", "typo / foreign-spelling", "http://mykidhasns.blogspot.com/2012/08/kuukasvot-moonface-fuck-prednisone.html",
  "I was anxious about the moon face as a side effect when she started taking Prednison.", note="parent blog (Finnish writer, English text); also the German/Nordic drug name")
X("pred", "prednisone", "slang", "https://healthunlocked.com/pmrgcauk/posts/148027361/pred-taper-any-advice-on-prednisone-reduction",
  "Pred taper - any advice on prednisone reduction", note="also 'on the pred' in https://autoimmunehippie.blog/2020/02/13/__trashed-5/; collides with Pred Forte eye drops")
X("Methrotrexate", "methotrexate", "typo", "https://gpnotebook.com/simplepage.cfm?ID=449839124&linkID=26983",
  "Methrotrexate may be tried if corticosteroids are unsuccessful.", note="clinician page; real typo")
X("methatrexate", "methotrexate", "typo",
  "GitHub file found by index search (id 68666569401): 'Living With Arthritis' UK chat engine TYPO_MAP 'Common UK arthritis chat typos'; also a chemo abbreviation list 'METX = methatrexate' (id 45266423704)",
  "methatrexate: \"methotrexate\"", note="listed by a patient-chat app as an observed typo; weaker than a forum post")
X("methotrexat", "methotrexate", "typo / foreign-spelling", "same TYPO_MAP file (id 68666569401); German name 'Methotrexat' at http://mdlexicon.com/D008727.php",
  "methotrexat: \"methotrexate\"")
X("metotrexato", "methotrexate", "foreign-spelling", "https://www.thefreedictionary.com/methotrexate", "n metotrexato, metotrexate m",
  note="Spanish/Portuguese; 'metotrexate' Italian")
X("MTX", "methotrexate", "abbreviation", "https://peacelovewool.blogspot.com/2011/08", "in the MTX fog",
  note="already in guide other_names; kept because patients combine it ('MTX fog', 'MTX day')")
X("meth", "methotrexate", "slang", "https://jennyb.jsquared.co.uk/?p=155", "Meth Injection",
  note="collides with methamphetamine / methadone slang; low-confidence alias")
X("amethopterin", "methotrexate", "old-name", "http://www.mybwmc.org/library/41/083900", "Synonyms Amethopterin; Methotrexate Sodium; MTX")
X("Chrolambucil", "chlorambucil", "typo", "GitHub Ruby seed file found by index search (id 6004383409)",
  "cancer_drugs = %w(Carboplatin Leukeran Chrolambucil Fluorouracil ...)", note="real human typo in public text, not a patient forum")
X("cyclosporin", "cyclosporine", "variant-spelling", "https://www.merriam-webster.com/dictionary/cyclosporine",
  "variants: or less commonly cyclosporin", note="also https://www.lexico.com/definition/cyclosporin")
X("cyclosporin A", "cyclosporine", "variant-spelling", "https://dipine.com/disease/dermatomyositis",
  "immunosuppressive agents and cyclosporin A can be added")
X("ciclosporine", "cyclosporine", "foreign-spelling", "https://drugster.org/immunosuppressants/ciclosporin",
  "Synonyms: ... Ciclosporina; Ciclosporina A; Ciclosporine; Ciclosporinum; Ciklosporin; ...")
X("Ciklosporin", "cyclosporine", "foreign-spelling", "https://drugster.org/immunosuppressants/ciclosporin", "Ciklosporin; Ciklosporinas")
X("Ciclosporina", "cyclosporine", "foreign-spelling", "https://drugster.org/immunosuppressants/ciclosporin", "Ciclosporina; Ciclosporina A")
X("azathiaprine", "azathioprine", "typo", "GitHub Java file found by index search (id 32510436108)",
  "MetabolizerStatus geno100_azathiaprine = ...", note="real typo in public code; not a patient forum")
X("AZA", "azathioprine", "abbreviation", "https://wikimili.com/en/Azathioprine", "Other names AZA")
X("Azamune", "azathioprine", "foreign-brand", "https://www.thelupussite.com/treatment/azathioprine.html",
  "Brand names - Azamune, Berkaprine, Immunoprin, Imuran", note="UK brands not in the guide; also Immunoprin, Berkaprine")
X("Imurel", "azathioprine", "foreign-brand", "https://www.liquisearch.com/azathioprine", "Azamun in Finland and Imurel in Scandinavia and France")
X("Plaqueil", "hydroxychloroquine", "typo", "http://oshawarheumatology.com/contact-me/medications/plaquenil-hydroxychloroquine/",
  "Plaqueil is safe to be used in pregnancy.", note="typo of the brand Plaquenil")
X("Plaq", "hydroxychloroquine", "slang", "http://forum.wehavelupus.com/archive/index.php?t-12139.html",
  "Hey there, Im on Plaq only 200mgs", note="forum slang for Plaquenil; also 'the plaq'")
X("Quineprox", "hydroxychloroquine", "foreign-brand", "https://www.lifestyle-pharmacy.com/product/plaquenil/",
  "Brand Names: Plaquenil Sulfate, Quineprox")
X("Cellcept", "mycophenolate", "case/spacing", "https://r.darrennathanael.com/r/autoimmune?after=t3_1m6ewwm",
  "I switched from azathioprine ... to Cellcept.", note="brand is CellCept; lower-case c as typed")
X("IVIg", "ivig", "case/spacing", "https://www.curejm.org/what-parents-should-know-about-ivig-intra-venous-immunoglobulin/",
  "What Parents Should Know About IVIg (Intra-Venous ImmunoGlobulin)", note="also 'Intra-Venous ImmunoGlobulin' hyphenated")
X("IVIgs", "ivig", "case/spacing", "https://fortuneonline.org/articles/successfully-treatment-of-dermatomyositis-with-highdose-intravenous-immunoglobulin-therapy.html",
  "high-dose intravenous immunoglobulins (IVIgs)")
X("RTX", "rituximab", "abbreviation", "https://koreamed.org/SearchBasic.php?RID=2223006", "rituximab (RTX)",
  note="clinical shorthand; patients copy it from letters")
X("Tofacititinib", "tofacitinib", "typo", "https://pastebin.com/DWfLPWph", "Tofacititinib cirate",
  note="seller listing; real typo; same page lists former name 'Tasocitinib'")
X("tasocitinib", "tofacitinib", "old-name", "https://pastebin.com/DWfLPWph", "Tasocitinib citrate")
# ---- synthetic (plausible, not found in a stored source) ----
X("predinsone", "prednisone", "typo", "none found", None, synthetic=True, note="letter swap n/s")
X("methotrexete", "methotrexate", "typo", "none found", None, synthetic=True, note="vowel error")
X("hydroxychloriquine", "hydroxychloroquine", "typo", "none found", None, synthetic=True, note="vowel error (searched pages, not found)")
X("hydroxycloroquine", "hydroxychloroquine", "typo", "none found", None, synthetic=True, note="dropped h")
X("plaquinil", "hydroxychloroquine", "typo", "none found", None, synthetic=True, note="brand Plaquenil, vowel errors")
X("rituxamab", "rituximab", "typo",
  "only in a machine-generated typo list (GitHub, index id 60909105491: 'Rituximab': ['rituximad', 'rituxamab', 'rituxumab', 'rituxiamb'])",
  None, synthetic=True)
X("mycophenolate mofitil", "mycophenolate", "typo", "none found", None, synthetic=True)
X("micofenolato", "mycophenolate", "foreign-spelling", "none found", None, synthetic=True, note="Spanish INN is 'micofenolato de mofetilo' (not verified here)")
X("azathioprin", "azathioprine", "foreign-spelling", "none found", None, synthetic=True, note="German INN spelling 'Azathioprin' (not verified here)")
X("chlorambucile", "chlorambucil", "typo", "none found", None, synthetic=True)
X("cyclosporene", "cyclosporine", "typo", "none found", None, synthetic=True)
X("xeljans", "tofacitinib", "typo", "none found", None, synthetic=True, note="brand Xeljanz")
X("octogam", "ivig", "typo", "none found", None, synthetic=True, note="brand Octagam")
X("gammaguard", "ivig", "typo", "index search found only unrelated 'GammaGuard' software names", None, synthetic=True,
  note="brand Gammagard; collides with non-drug names")

def main():
    texts = [m["text"].lower() for m in M]
    assert len(texts) == len(set(texts)), "duplicates"
    n_syn = sum(1 for m in M if m.get("synthetic"))
    with open("/work/research/search-sets/misspellings.yaml", "w") as f:
        f.write(f"# Misspellings, variant/foreign spellings, slang and abbreviations of dmtx drug names. {len(M)} items, "
                f"{len(M)-n_syn} seen in stored public text, {n_syn} synthetic.\n")
        f.write("# drug = dmtx drug id. Items whose source is a GitHub file are real typos in public text but not patient forum posts.\n")
        yaml.safe_dump({"misspellings": M}, f, sort_keys=False, allow_unicode=True, width=120)
    print(len(M), "items,", n_syn, "synthetic")

if __name__ == "__main__":
    main()
