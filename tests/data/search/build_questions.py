"""Builds questions-test.yaml and questions-dev.yaml from the hand-collected pool below.

Split rule (fixed before any tuning): questions are grouped by SOURCE SITE (the `group`
key, one per web site / document).  Groups are sorted by key; each group goes, whole, to
the set that currently has fewer questions of the group's majority kind (answerable vs
not-covered); ties go to `test`.  So no source site feeds both sets.
Run: python3 build_questions.py  (reads the guide only to validate place ids).
"""
import re
import sys
import yaml

GUIDE = "/work/main/data/guidelines.yaml"
PENDING = {"drug:methylprednisolone", "drug:tacrolimus", "drug:cyclophosphamide"}

# ---------------------------------------------------------------------------
# Sources (group key -> url). One group = one site/document.
S = {
    "tmafaq": "https://webarchive.library.unt.edu/eot2008/20090506152546/http://www.myositis.org/template/page.cfm?id=13",
    "bcch": "https://docslib.org/doc/6928653/juvenile-dermatomyositis-a-parent-s-guide",
    "curejm": "https://www.curejm.org/what-parents-should-know-about-ivig-intra-venous-immunoglobulin/",
    "choseme": "https://dermatomyositischoseme.com/?p=13",
    "blueworld": "https://blueworld.blog/2018/08/10/what-does-dermatomyositis-feel-like/",
    "msu": "https://understandingmyositis.org/",  # several pages, URLs per item
    "healthtap": "https://www.healthtap.com/",   # several Q pages, URLs per item
    "hu_pmr": "https://healthunlocked.com/pmrgcauk/posts/148027361/pred-taper-any-advice-on-prednisone-reduction",
    "mykid": "http://mykidhasns.blogspot.com/2012/08/kuukasvot-moonface-fuck-prednisone.html",
    "taflach": "https://taflach.blog/2025/05/16/season-of-fatigue-my-love-hate-relationship-with-prednisone",
    "tma": "https://www.myositis.org/",  # several pages, URLs per item
    "edpure": "https://edpure.com/treatment/dermatomyositis",
    "redditmirror": "https://r.darrennathanael.com/r/autoimmune?after=t3_1m6ewwm",
    "jens": "https://jenscrazyhome.wixsite.com/my-site-1/post/when-dermatomyositis-showed-up",
    "wehavelupus": "http://forum.wehavelupus.com/",  # several threads, URLs per item
    "hu_lupus": "https://healthunlocked.com/lupusuk/posts/143605539/methotrexate-folic-acid",
    "ipswich": "http://www.ipswichhospital.nhs.uk/Default.aspx.ShortcutID-560525.faq_id-5867.htm",
    "coveredhealth": "https://www.coveredhealth.ai/ny-dfs-external-appeals-1/202306-164542",
    "lethargic": "https://lethargicsmiles.com/2017/01/15/insurance-allowing-ivig-trial-for-my-autoimmune-dysautonomia/",
    "plaqeye": "https://levitra8norx.com/Hydroxychloroquine+200mg/who-can-do-plaquenil-eye-exams-e9",
    "opivision": "https://opivision.com/insights/taking-plaquenil-see-your-eye-doctor/",
    "hu_vasc": "https://healthunlocked.com/vasculitis-uk/posts/87556/has-anyone-had-a-bad-reaction-to-the-flu-jab",
    "eorthopod": "https://www.eorthopod.com/eorthopodV2/index.php?ID=bc5be94b54b82d3ccce9115a1befe417&disp_type=faq_detail&area=1&faq_id=ec2c7312e7c295ccb150fa344596939c",
    "dooyoo": "http://www.dooyoo.co.uk/health-problems/polymyositis/",
    "frank": "https://livingwithmyositis.wordpress.com/dermatomyositis/",
    "gpnotebook": "https://gpnotebook.com/simplepage.cfm?ID=449839124&linkID=26983",
    "anarchy": "https://anarchyautoimmunity.com/",  # several tag pages, URLs per item
    "docireland": "http://docireland.org/sample-page/myositis-awareness-day/",
    "sleepingfix": "https://www.sleepingfix.com/can-prednisone-cause-insomnia/",
    "webmdblog": "http://blogs.webmd.com/all-ears/2011/08/prednisone-and-roid-rage.html",
    "pmrunner": "http://polymyositisrunner.blogspot.com/2009/03/march-9-2009.html",
    "teamtommy": "https://www.teamtommy.org/get_involved",
    "myositis_au": "https://myositis.org.au/juvenile-dermatomyositis/",
    "jdmuk": "https://www.juveniledermatomyositis.org.uk/",  # several stories, URLs per item
    "hishousequeen": "https://www.hishousequeen.com/science-of-things/jdm-and-the-time-i-thought-i-killed-my-eldest-child/",
    "cassie": "http://cassieandfriends.ca/news/joelles-story-juvenile-dermatomyositis/",
    "jennyb": "https://jennyb.jsquared.co.uk/?p=155",
    "versus": "https://docslib.org/doc/8905117/versus-arthritis-myositis-information-booklet",
    "leahandmark": "https://leahandmark.com/blog/2019/07/18/dermatomyositis-facts-doctors-dont-know/",
    "myositislife": "https://myositislife.org/2019/05/a-light-in-the-dark-my-realities-with-dermatomyositis/",
    "mayoconnect": "https://connect.mayoclinic.org/comment/1241043/replies",
    "hu_asthma": "https://healthunlocked.com/asthmalunguk-lung/posts/425360/prednisolone-side-effects",
    "tfd": "https://www.thefreedictionary.com/Prednizone",
    "drugscom": "https://www.drugs.com/misspellings/predisone.html",
    "oshawa": "http://oshawarheumatology.com/contact-me/medications/plaquenil-hydroxychloroquine/",
    "fdhc": "https://www.fd-hc.com/post/ivig-care-options",
    "intlpain": "https://internationalpain.org/juvenile-dermatomyositis",
    "completederm": "https://completedermva.com/skin-conditions/dermatomyositis/",
    "merriamwebster": "https://www.merriam-webster.com/dictionary/cyclosporine",
    "oocities": "http://www.oocities.org/zyrawytch/jdmswhat_is_it.html",
    "corbus": "https://www.corbuspharma.com/our-science/therapeutic-areas/dermatomyositis",
    "bostonchildrens": "https://www.childrenshospital.org/conditions-and-treatments/conditions/j/juvenile-dermatomyositis/treatments",
}

# ---------------------------------------------------------------------------
# Pool.  Fields: g=group, q=typed query, a=answers (best first) or [] , w=wording seen,
# wn=wording note, url (defaults to group url), tags, note.
P = []
def Q(g, q, a, w, wn="verbatim", url=None, tags=(), note=None):
    P.append(dict(g=g, q=q, a=list(a), w=w, wn=wn, url=url or S[g], tags=list(tags), note=note))

# myositis.org FAQ (2009 archive)
Q("tmafaq", "how soon will i respond to the medication", ["topic:1", "drug:prednisone", "topic:4"],
  "How soon will I respond to medication?", tags=["filler", "time"])
Q("tmafaq", "is there a cure for dermatomyositis", ["term:remission", "topic:2", "term:dermatomyositis"],
  "Is there a cure?", wn="verbatim (page is about DM/PM)", note="guide speaks of remission, not cure; partial")
Q("tmafaq", "do people die from myositis", [], "Do people die from myositis?", note="prognosis/mortality not in guide")
# BC Children's parent guide
Q("bcch", "any shots my child shouldnt have on jdm meds", [],
  "Are there any special shots my child should or shouldn't have?", wn="condensed; parent",
  tags=["child", "vaccines"], note="vaccines not covered (p4-q3 only asks about germs)")
Q("bcch", "what medicines will my child have to take for jdm", ["topic:1", "topic:4", "topic:2"],
  "What medications will my child have to take?", wn="verbatim + 'for jdm'", tags=["child", "JDM"])
# CureJM IVIG for parents
Q("curejm", "ivig severe headache and nausea after infusion what to do before", ["drug:ivig", "topic:6", "beyond:ivig-approval"],
  "what to do before and post-IVIg to prevent side effects, e.g., nausea, severe headaches", wn="condensed",
  tags=["abbreviation"])
# dermatomyositischoseme blog
Q("choseme", "high dose prednisone 10 days zero effect", ["topic:1", "drug:prednisone", "topic:4"],
  "I was placed on high doses of Prednisone by my doctor, which, after 10 days, had zero effect.", wn="condensed")
Q("choseme", "steroids through iv in hospital", ["drug:methylprednisolone", "term:intravenous", "term:corticosteroid"],
  "These steroids were going to have to go right into the bloodstream via IV", wn="condensed",
  tags=["abbreviation", "pending-id"], note="best place will be drug:methylprednisolone once added")
# blueworld blog
Q("blueworld", "cant climb stairs without help", ["term:proximal-muscles", "term:myositis", "topic:3"],
  "At this point I can't climb stairs without help.", wn="verbatim (lowercased, no apostrophe)", tags=["symptom-paraphrase"])
Q("blueworld", "redness around my knuckles", ["term:gottron-papules"],
  "The skin redness is slight, mostly around my knuckles", wn="condensed", tags=["symptom-paraphrase"])
# Myositis Support and Understanding (understandingmyositis.org) pages
Q("msu", "which myositis meds are not safe if i want a baby", ["drug:mycophenolate", "drug:chlorambucil"],
  "People want to know the effects of Myositis on pregnancy ... Some medications are absolutely contraindicated during pregnancy",
  wn="condensed", url="https://understandingmyositis.org/so-you-wanna-have-a-baby/", tags=["pregnant"],
  note="guide: mycophenolate pregnancy warning, chlorambucil fertility; nothing general on pregnancy")
Q("msu", "prednisone weight gain mood swings cant sleep", ["drug:prednisone", "term:corticosteroid", "topic:1"],
  "Short term effects: weight gain, increased appetite, mood swings, insomnia", wn="condensed",
  url="https://understandingmyositis.org/prednisone-treatment-myositis/", note="side effects not described; drug page is the place")
Q("msu", "does prednisone cause bone loss", ["drug:prednisone", "term:corticosteroid"],
  "the use of steroids such as Prednisone significantly increases the risk of bone loss", wn="condensed",
  url="https://understandingmyositis.org/steroid-induced-osteoporosis/", note="bones only in journal rule, not a place; partial")
Q("msu", "cpk normal but myositis still active", ["term:creatine-kinase", "topic:1", "topic:3"],
  "some patients will never experience a rise in their CPK level yet have active Myositis", wn="condensed",
  url="https://understandingmyositis.org/creatine-phosphokinase-cpk/", tags=["abbreviation"])
Q("msu", "covid vaccine ok with myositis", [],
  "COVID-19 VACCINES AND MYOSITIS FAQs", wn="condensed from FAQ title",
  url="https://understandingmyositis.org/covid-19-vaccines-and-myositis-faq/", tags=["vaccines"])
# HealthTap patient questions
Q("healthtap", "can you have a healthy pregnancy with dermatomyositis", [],
  "Can dermatomyositis patients have a healthy pregnancy?", wn="verbatim, 2nd person",
  url="https://www.healthtap.com/user_questions/56563-can-dermatomyositis-patients-have-a-healthy-pregnancy", tags=["pregnant"])
Q("healthtap", "can dermatomyositis be prevented", [], "Can dermatomyositis be prevented?",
  url="https://www.healthtap.com/user_questions/20255-can-dermatomyositis-be-prevented")
Q("healthtap", "what kind of condition is dermatomyositis", ["term:dermatomyositis", "term:autoimmune"],
  "What kind of condition is dermatomyositis?",
  url="https://www.healthtap.com/user_questions/78002-what-kind-of-condition-is-dermatomyositis")
Q("healthtap", "is cytoxan used for dermatomyositis", ["drug:cyclophosphamide", "topic:4", "term:immunosuppressive"],
  "steroid sparing drugs such as cytoxan, (cyclophosphamide) imuran, methotrexate", wn="condensed from the answer text",
  url="https://www.healthtap.com/user_questions/78002-what-kind-of-condition-is-dermatomyositis",
  tags=["brand", "pending-id"], note="best place will be drug:cyclophosphamide once added")
# HealthUnlocked PMR
Q("hu_pmr", "pred taper any advice", ["term:taper", "topic:2", "drug:prednisone"],
  "Pred taper - any advice on prednisone reduction", wn="thread title, condensed", tags=["short-form"],
  note="forum is PMR, wording is patient slang")
Q("mykid", "moon face prednison daughter school", ["drug:prednisone", "topic:1"],
  "I was anxious about the moon face as a side effect when she started taking Prednison ... before school starts",
  wn="condensed; parent; misspelling as seen", tags=["misspelling", "child"], note="moon face not described; drug page is the place")
Q("taflach", "prednisone induced myopathy hip weakness", ["topic:3", "term:steroid-myopathy"],
  "A few weeks of high-dose prednisone could result in prednisone-induced myopathy ... The hip muscles are most commonly affected",
  wn="condensed")
Q("taflach", "mycophenolate so i can come off prednisone", ["beyond:mycophenolate", "drug:mycophenolate", "topic:4"],
  "a second medication ... might eventually take over the immunosuppressant effect of the prednisone. My rheumatologist chose Mycophenolate",
  wn="condensed")
# The Myositis Association pages
Q("tma", "best diet for myositis", [], "A healthy diet can go a long way ... the anti-inflammatory plan",
  wn="condensed", url="https://www.myositis.org/about-myositis/treatment-disease-management/complementary-and-self-care-therapies/diet-and-nutrition/",
  tags=["diet"])
Q("tma", "what spf sunscreen for dermatomyositis", ["beyond:skin-care"],
  "Always wear sunscreen with SPF 50 minimum, even indoors and year round.", wn="condensed",
  url="https://www.myositis.org/about-myositis/treatment-disease-management/complementary-and-self-care-therapies/sun-protection/")
Q("tma", "calcium lumps under my skin how to treat", [],
  "I have a couple of what I call 'skin calcifications' on my arms and hands ... How do I treat them", wn="condensed",
  url="https://www.myositis.org/myositis-library/live-discussions/myositis-skin-care-treatment/", note="calcinosis not in guide")
Q("tma", "still have rash after years on methotrexate and prednisone", ["beyond:skin-care", "drug:hydroxychloroquine", "drug:methotrexate"],
  "I have been on methotrexate and on and off of prednisone for seven years. My blood work is normal, but my arms have a smooth reddish rash.",
  wn="condensed", url="https://www.myositis.org/myositis-library/live-discussions/myositis-skin-care-treatment/")
Q("tma", "flu shot with myositis", [], "get your flu and COVID-19 vaccines", wn="condensed",
  url="https://www.myositis.org/blog/protect-yourself-this-flu-season", tags=["vaccines"])
Q("tma", "do i need iga test before ivig", [], "Before IVIg is started, the patient should be tested to see if they have IgA in their blood.",
  wn="condensed", url="https://www.myositis.org/about-myositis/treatment-disease-management/medications/intravenous-immune-globulin/",
  tags=["abbreviation"], note="IgA testing not in guide")
Q("tma", "how many days is an ivig infusion", ["beyond:ivig-approval", "topic:6", "drug:ivig"],
  "initially with a dose of 2g/kg given over 2-5 days, then 1g/kg/month", wn="condensed",
  url="https://www.myositis.org/about-myositis/treatment-disease-management/medications/intravenous-immune-globulin/")
Q("tma", "should i get a second opinion at a myositis center", [],
  "Consider a second opinion at a myositis specialty center.", wn="verbatim tip turned into question",
  url="https://www.myositis.org/blog/shawnas-top-10-tips-for-the-newly-diagnosed/")
Q("edpure", "any foods to avoid with dermatomyositis", [], "Are there any dietary restrictions for Dermatomyositis?", wn="paraphrase",
  tags=["diet"])
Q("edpure", "how long until treatment starts working", ["topic:1", "topic:4", "drug:prednisone"],
  "How long does it take to see improvement with treatment?", wn="paraphrase", tags=["filler", "time"])
Q("redditmirror", "switched from azathioprine to cellcept", ["drug:mycophenolate", "beyond:mycophenolate", "drug:azathioprine"],
  "I switched from azathioprine (which helped my muscles but not my skin) to Cellcept.", wn="condensed", tags=["brand"])
Q("redditmirror", "antibodies that mean higher cancer risk", ["term:myositis-antibodies", "beyond:cancer-screening", "beyond:lungs-antibodies"],
  "Bloodwork confirmed it, including antibodies that suggested a higher risk of cancer.", wn="condensed")
Q("jens", "rheumy put me on plaquenil and said stay out of sun", ["drug:hydroxychloroquine", "beyond:skin-care"],
  "He told me to stay out of the sun as much as I could, and placed me on Plaquenil.", wn="condensed; 'rheumy' is forum slang",
  tags=["brand", "slang"])
Q("wehavelupus", "methotrexate is hair loss a given", ["drug:methotrexate"],
  "Was just Rx'd methotrexate ... Is hair loss/thinning a given?", wn="condensed",
  url="http://forum.wehavelupus.com/archive/index.php?t-3718.html&s=37c54627cb09404a81ff93147c88690b",
  note="hair loss not described; drug page is the place")
Q("wehavelupus", "monthly blood draw on methotrexate", ["drug:methotrexate", "topic:4"],
  "I've been given standing orders for a monthly blood draw.", wn="condensed",
  url="http://forum.wehavelupus.com/archive/index.php?t-3718.html&s=37c54627cb09404a81ff93147c88690b", tags=["test"])
Q("wehavelupus", "losing hair on plaquenil imuran and prednisone", ["drug:hydroxychloroquine", "drug:azathioprine", "drug:prednisone"],
  "is the plaquenil making me lose gobs of hair or is it the Imuran with the prednisone", wn="condensed",
  url="http://forum.wehavelupus.com/showthread.php?2126-Hairloss-and-Plaquenil-is-it-related", tags=["brand"],
  note="hair loss not described; drug pages are the places")
Q("hu_lupus", "folic acid every day or just the day after mtx", ["drug:methotrexate"],
  "Do I take it every day? Just the day after?", wn="condensed (thread: Methotrexate & Folic Acid?)", tags=["abbreviation"])
Q("ipswich", "why folic acid after methotrexate each week", ["drug:methotrexate"],
  "Why do I need to take folic acid after methotrexate each week?", wn="condensed")
Q("coveredhealth", "insurance denied ivig for dermatomyositis", ["topic:6", "drug:ivig", "beyond:ivig-approval"],
  "The insurer denied coverage for Intravenous Immune Globulin (IVIG) ... Diagnosis: Dermatomyositis", wn="condensed")
Q("lethargic", "how much does ivig cost a month", ["topic:6", "drug:ivig"],
  "this medication costs $10,000 per month on average", wn="paraphrase into question")
Q("plaqeye", "plaquenil eye exams every 6 months", ["drug:hydroxychloroquine", "beyond:skin-care"],
  "I would have to have eye exams including visual field exams every six months due to the plaquenil therapy", wn="condensed",
  tags=["test"])
Q("opivision", "why see an eye doctor if i take plaquenil", ["drug:hydroxychloroquine", "beyond:skin-care"],
  "I recently started taking Plaquenil ... asked to see an eye doctor for a complete exam and special testing. Why is this necessary?",
  wn="condensed")
Q("hu_vasc", "flu jab while on steroids and mycophenolate", [],
  "I have MPA and am on steroids and mycophenolate mofetil ... Is it worth having? Will there be side effects?", wn="condensed (UK 'flu jab')",
  tags=["vaccines"], note="vaccines not in guide; mycophenolate page only says infections more likely")
Q("eorthopod", "mom has dermatomyositis in a wheelchair how to get her back on her feet", ["beyond:exercise"],
  "My mother was just diagnosed with dermatomyositis ... to the point of being in a wheelchair ... What can we do to help get her back on her feet?",
  wn="condensed")
Q("dooyoo", "steroids helped my muscles but not the itchy rash", ["beyond:skin-care", "drug:hydroxychloroquine"],
  "I was started on medium dose Steroids (30mgs) and these improved the muscles but not the skin or the itch.", wn="condensed")
Q("dooyoo", "struggling to wash my hair cant keep arms up", ["term:proximal-muscles", "term:myositis"],
  "I was struggling to wash my hair, I couldn't keep my arms up for the length of time required", wn="condensed",
  tags=["symptom-paraphrase"])
Q("frank", "trouble swallowing bread and meat", [], "I was starting to have difficulty swallowing harder food stuff such as Meat, Bread",
  wn="condensed", note="swallowing problems not in guide")
Q("gpnotebook", "methrotrexate if steroids dont work", ["drug:methotrexate", "topic:4"],
  "Methrotrexate may be tried if corticosteroids are unsuccessful.", wn="condensed; misspelling as seen (clinician page)",
  tags=["misspelling"])
Q("anarchy", "dermatomyocitis lost half my strength can i still go to the gym", ["beyond:exercise"],
  "Gym Results: Evidence of Dermatomyositis ... I lost almost half my upper body strength", wn="condensed; misspelling from the site's tag",
  url="https://anarchyautoimmunity.com/tag/dermatomyocitis/", tags=["misspelling", "filler"])
Q("anarchy", "creatine kinase spiked when i caught a cold", ["term:creatine-kinase", "topic:4"],
  "Creatine kinase spiking, fighting off a virus", wn="condensed (post title)", url="https://anarchyautoimmunity.com/tag/virus/")
Q("anarchy", "can i join a drug trial for dermatomyositis", ["beyond:jak-inhibitors"],
  "These events come as a setback after more than a year in a drug trial.", wn="paraphrase into question",
  url="https://anarchyautoimmunity.com/tag/virus/", note="guide has b-jak-q2 'studies of new DM drugs I could join'")
Q("docireland", "cancer screening every year for 3 years after diagnosis", ["beyond:cancer-screening", "topic:5"],
  "every adult DM patient ... has to undergo extensive cancer screening on an annual basis for the first three years post-diagnosis",
  wn="condensed")
Q("docireland", "can i get disability benefits for myositis", [],
  "typically people survive normal lifespans, though a significant percentage become legally disabled", wn="paraphrase into question",
  note="benefits/disability not in guide")
Q("sleepingfix", "cant sleep on high dose steroids", ["drug:prednisone", "term:corticosteroid"],
  "I can't sleep! I am taking a high dose of steroids, prednisone", wn="condensed", tags=["steroids"],
  note="insomnia not described; drug page is the place")
Q("webmdblog", "prednisone made my kid wild", ["drug:prednisone", "term:corticosteroid"],
  "\"Grandpa, that medicine made me wild!\" (child on prednisone)", wn="child's words, condensed", tags=["child"],
  note="mood effects not described; drug page is the place")
Q("pmrunner", "cpk dropped from 10000 to 5000 still weak", ["term:creatine-kinase", "topic:1"],
  "my CPK enzyme levels have dropped from 10,000 to 5,000 ... I can expect to remain without any noticeable physical improvements",
  wn="condensed (polymyositis blog)", tags=["abbreviation"])
Q("teamtommy", "dry cough and short of breath with dermatomyositis", ["term:interstitial-lung-disease", "beyond:lungs-antibodies"],
  "Interstitial Lung Disease ... it is diagnosed with a dry cough and shortness of breath", wn="condensed", tags=["symptom-paraphrase"])
Q("myositis_au", "rash on my sons fingers that wont go away", ["term:gottron-papules", "beyond:skin-care"],
  "it started with a rash on his fingers that wouldn't go away when he was 5", wn="condensed; parent", tags=["child"])
Q("myositis_au", "son cant walk up stairs or sit cross legged", ["term:proximal-muscles", "term:myositis", "term:dermatomyositis"],
  "him not being able to walk up stairs, not being able to throw a Basketball and unable to sit on the floor cross legged",
  wn="condensed; parent", tags=["child", "symptom-paraphrase"])
Q("jdmuk", "toddler stopped walking wants pushchair rash on knuckles", ["term:dermatomyositis", "term:gottron-papules", "term:proximal-muscles"],
  "Isabel developed a rash on her knuckles ... she stopped walking and preferred to be in her pushchair", wn="condensed; parent",
  url="https://www.juveniledermatomyositis.org.uk/Story/8", tags=["child"])
Q("jdmuk", "mummy my arms ache rash on eyelids", ["term:heliotrope-rash", "term:myositis"],
  "Rashes had started appearing on his face and eyelids ... \"mummy my arms ache\"", wn="child's words + parent, condensed",
  url="https://www.juveniledermatomyositis.org.uk/Story/7", tags=["child"])
Q("jdmuk", "constantly tired and my knees keep giving out", ["term:myositis", "term:dermatomyositis", "term:proximal-muscles"],
  "I had struggled with severe exhaustion and was constantly tired ... my knees would constantly give out underneath me",
  wn="condensed; teen", url="https://www.juveniledermatomyositis.org.uk/Story/2", tags=["symptom-paraphrase"],
  note="tiredness not discussed as such; partial")
Q("hishousequeen", "6 year old wont walk up stairs says knees hurt growing pains", ["term:proximal-muscles", "term:dermatomyositis"],
  "my 6-year-old son started to refuse walking up the stairs ... because his knees hurt too much ... growing pains", wn="condensed; parent",
  tags=["child"])
Q("hishousequeen", "mri or muscle biopsy to confirm jdm", ["term:mri", "term:biopsy"],
  "The doctor ordered an MRI to confirm his diagnosis. If that was inconclusive Caleb would have to undergo a skin and muscle biopsy.",
  wn="condensed", tags=["abbreviation", "test"])
Q("cassie", "methotrexate injections once a week yucky side effects", ["drug:methotrexate"],
  "I have to take injections of Methotrexate once a week ... it does not give me as many yucky side effects", wn="child's words, condensed",
  tags=["child"])
Q("cassie", "why do i need 6 viles of blood every 2 months", ["drug:methotrexate", "topic:4", "term:creatine-kinase"],
  "I do have to get 6 viles of blood taken every 2 months to make sure the medicine is working", wn="child's words incl. misspelling 'viles'",
  tags=["child", "misspelling", "test"])
Q("jennyb", "meth injection 15mg blood tests every 2 weeks", ["drug:methotrexate"],
  "Meth Injection ... This is a 15mg injection ... Blood tests every 2 weeks.", wn="condensed; 'Meth' is the blogger's short form",
  tags=["slang"])
Q("versus", "what treatments are there for myositis", ["topic:1", "topic:4", "topic:6"],
  "What treatments are there for myositis?", wn="verbatim (booklet contents)")
Q("versus", "physio and hydrotherapy for myositis", ["beyond:exercise"],
  "I started physiotherapy and hydrotherapy and slowly regained mobility", wn="condensed (UK 'physio')", tags=["slang"])
Q("leahandmark", "can dermatomyositis go into remission", ["term:remission", "topic:2"],
  "Dermatomyositis can be put into remission.", wn="statement turned into question")
Q("myositislife", "scared of relapse after getting better", ["topic:2", "term:remission"],
  "the fear of relapse is always there", wn="paraphrase", note="guide p2-q5: signs the disease is coming back")
Q("mayoconnect", "is this a safe taper 1 mg a month", ["term:taper", "topic:2", "drug:prednisone"],
  "Is This a Safe Taper as Prescribed by my doctor? ... tapering down 1-2 mg/ month", wn="condensed (PMR forum)")
Q("hu_asthma", "prednisolone side effects information sheet worries me", ["drug:prednisone", "term:corticosteroid"],
  "Have you ever read the information sheet and does it worry you what is on it", wn="condensed (thread: Prednisolone side effects)",
  tags=["lookalike-related"], note="prednisolone is listed as 'related' under drug:prednisone")
Q("tfd", "prednizone cant sleep", ["drug:prednisone"],
  "insanely high doses of prednizone so I couldn't sleep - I buzzed all the time", wn="condensed; misspelling as seen",
  tags=["misspelling"])
Q("drugscom", "predisone", ["drug:prednisone"], "Predisone is a common misspelling of prednisone.", wn="single-word query; listed misspelling",
  tags=["misspelling"])
Q("oshawa", "is plaqueil safe in pregnancy", ["drug:hydroxychloroquine"], "Plaqueil is safe to be used in pregnancy.",
  wn="statement turned into question; typo as seen", tags=["misspelling", "pregnant"], note="pregnancy not discussed in the HCQ place; partial")
Q("fdhc", "why does insurance deny ivig", ["topic:6", "drug:ivig", "beyond:ivig-approval"],
  "Common Reasons for Insurance Denials for IVIG Treatment", wn="condensed (heading)")
Q("intlpain", "gottrens papules", ["term:gottron-papules"], "knuckles and finger joints (called gottren's papules)",
  wn="misspelling as seen", tags=["misspelling"])
Q("completederm", "itchy scalp rash dermatomyositis", ["beyond:skin-care"],
  "scalp (often mistaken for other types of inflammation of the scalp) ... This rash is often very itchy.", wn="condensed")
Q("merriamwebster", "no grapefruit with neoral or sandimmune?", ["drug:cyclosporine"],
  "Some organ-transplant rejection drugs, such as Sandimmune and Neoral (both cyclosporine). ('Dr. says no grapefruit – Here's why')",
  wn="condensed from a quoted news example", tags=["brand"], note="guide cyclosporine-q2 asks about foods")
Q("oocities", "is jdm inherited", [], "the tendency for the immune system to react in this way is, at least, partially inherited",
  wn="paraphrase into question", tags=["child"], note="heredity not in guide")
Q("bostonchildrens", "reiki acupuncture massage for jdm", [],
  "alternative therapies, such as reiki, acupuncture and massage", wn="condensed", tags=["child"], note="alternative therapies not in guide")

Q("jdmuk", "does my child need calcium and vitamin d too", [],
  "Supplements such as Folic acid, Calcium and Vitamin D may also be prescribed.", wn="paraphrase into parent question",
  url="https://www.juveniledermatomyositis.org.uk/treatment/medication", tags=["child"],
  note="calcium/vitamin D not in guide (folic acid only under methotrexate)")
Q("redditmirror", "brain fog and depression with dermatomyositis", [],
  "I dealt with brain fog, exhaustion, depression, and irritability.", wn="condensed", note="mental health not in guide")
Q("corbus", "acth gel shots for dermatomyositis", [],
  "The current mainstay of treatments include FDA-approved systemic glucocorticoids, adrenocorticotropic hormone analogue and off-label use of glucocorticoid-sparing immunosuppressive agents",
  wn="condensed (company page); 'ACTH gel' is the common patient name", tags=["drug-not-in-guide"], note="ACTH (repository corticotropin) not in guide")

# ---------------------------------------------------------------------------
def guide_places():
    g = yaml.safe_load(open(GUIDE))
    places = set()
    for p in g["points"]:
        places.add(f"topic:{p['number']}")
    for d in g["drugs"]:
        places.add(f"drug:{d['id']}")
    for t in g["terms"]:
        places.add(f"term:{t['id']}")
    for b in g["beyond"]:
        places.add(f"beyond:{b['id']}")
    return places

def main():
    places = guide_places() | PENDING
    bad = [(x["q"], a) for x in P for a in x["a"] if a not in places]
    if bad:
        sys.exit(f"unknown places: {bad}")
    qs = [x["q"] for x in P]
    dup = {q for q in qs if qs.count(q) > 1}
    if dup:
        sys.exit(f"duplicate queries: {dup}")
    groups = {}
    for x in P:
        groups.setdefault(x["g"], []).append(x)
    sets = {"test": [], "dev": []}
    for key in sorted(groups):
        items = groups[key]
        kind_cov = sum(1 for i in items if i["a"]) >= sum(1 for i in items if not i["a"])
        def count(name):
            return sum(1 for i in sets[name] if bool(i["a"]) == kind_cov)
        t, d = count("test"), count("dev")
        target = "test" if (t, len(sets["test"])) <= (d, len(sets["dev"])) else "dev"
        sets[target].extend(items)
    for name, items in sets.items():
        out = []
        for i, x in enumerate(items, 1):
            rec = {"id": f"{name}-{i:02d}", "q": x["q"], "answers": x["a"]}
            if not x["a"]:
                rec["covered"] = False
            else:
                rec["covered"] = True
            pend = [a for a in x["a"] if a in PENDING]
            if pend:
                rec["pending_ids"] = pend
            rec["source"] = x["url"]
            rec["source_group"] = x["g"]
            rec["wording"] = x["w"]
            rec["wording_note"] = x["wn"]
            if x["tags"]:
                rec["tags"] = x["tags"]
            if x["note"]:
                rec["note"] = x["note"]
            out.append(rec)
        n_cov = sum(1 for r in out if r["covered"])
        header = (f"# dmtx search evaluation set: {name}\n"
                  f"# {len(out)} questions, {n_cov} answerable, {len(out)-n_cov} not covered.\n"
                  f"# Built by build_questions.py; split by source site (see README.md). Do not tune on the test set.\n")
        with open(f"/work/research/search-sets/questions-{name}.yaml", "w") as f:
            f.write(header)
            yaml.safe_dump({"set": name, "questions": out}, f, sort_keys=False, allow_unicode=True, width=120)
        print(name, len(out), "answerable", n_cov, "not-covered", len(out) - n_cov)
    tg = {x["source_group"] for x in yaml.safe_load(open("/work/research/search-sets/questions-test.yaml"))["questions"]}
    dg = {x["source_group"] for x in yaml.safe_load(open("/work/research/search-sets/questions-dev.yaml"))["questions"]}
    assert not (tg & dg), tg & dg
    print("groups test", len(tg), "dev", len(dg), "total pool", len(P))

if __name__ == "__main__":
    main()
