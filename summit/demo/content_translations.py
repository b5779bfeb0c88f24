"""The demo summit's content in Arabic and English (issue 13): pure data, no storage.

The demo's main language is French (``summit/demo/seed.py``, ``summit/schedule/demo.py``,
``summit/registration/demo.py``); this module says the same things in the event's other two
languages, keyed by the French natural keys the seed already finds rows by (room, session
and support-resource names, partner and speaker names). Whoever stores translations reads
it; nothing here touches the database.

- Arabic is Modern Standard Arabic as read in Morocco, in the terms of ``docs/glossary.md``
  (ملتقى for the summit, مائدة مستديرة, وسائل التواصل الاجتماعي, الوصم, العافية…).
  Every Arabic text but the name "Nightline France" starts with an Arabic letter, so
  ``dir="auto"`` reads it right to left.
  TikTok is written تيك توك in running Arabic text, as the Arabic press writes it.
- Names of people and organizations stay as written. A speaker's Arabic ``name`` is given
  only where its spelling is settled: Pr Jallal Toufiq is جلال التوفيق in the statements of
  the CHU Ibn Sina he worked for, as the Moroccan Arabic press quotes them. The others are
  not given: the press spells Kendili كنديلي or القنديلي, and the rest could not be checked.
- The French filler sentence ("Horaire indicatif de démonstration.") keeps its meaning: the
  time is made up for the demo.

``tests/unit/test_demo_translations.py`` checks every key, list length and script against
the French source.
"""

from __future__ import annotations

from typing import NotRequired
from typing import TypedDict


class EventText(TypedDict):
    title: str
    tagline: str
    description: str  # two paragraphs separated by "\n\n", as in French
    venue_name: str


class RoomText(TypedDict):
    name: str
    accessibility_notes: str


class PartnerText(TypedDict):
    description: str


class SupportText(TypedDict):
    name: str
    description: str


class SessionText(TypedDict):
    title: str
    description: str


class SpeakerText(TypedDict):
    position: str
    bio: str
    name: NotRequired[str]  # the name's spelling in this language's script, when known


class DemoTranslation(TypedDict):
    """What the demo says in one language; dict keys are the French natural keys."""

    event: EventText
    rooms: dict[str, RoomText]
    partners: dict[str, PartnerText]
    support: dict[str, SupportText]
    categories: list[str]  # same order and count as DEMO_CATEGORIES
    consents: list[str]  # same order and count as DEMO_CONSENTS
    sessions: dict[str, SessionText]
    speakers: dict[str, SpeakerText]


# The translated FILLER of summit/schedule/demo.py, appended the same way as in French.
_FILLER_AR = "توقيت إرشادي لأغراض العرض التجريبي."
_FILLER_EN = "Indicative timing, for the demo."

_ARABIC: DemoTranslation = {
    "event": {
        "title": "ملتقى الصحة النفسية — الدار البيضاء",
        "tagline": "عافية الشباب في العصر الرقمي",
        "description": (
            "أول ملتقى تنظمه تيك توك حول الصحة النفسية في المغرب: فعالية تجمع خبراء وأطباء "
            "وصنّاع محتوى في الدار البيضاء لتعزيز عافية الشباب في العصر الرقمي، ولا سيما "
            "سلامة القاصرين على الإنترنت.\n\n"
            "مائدتان مستديرتان: «الصحة النفسية في العصر الرقمي» و«تسخير وسائل التواصل "
            "الاجتماعي من أجل أثر إيجابي»."
        ),
        "venue_name": "الدار البيضاء (مكان العرض التجريبي)",
    },
    "rooms": {
        "Salle plénière": {
            "name": "قاعة الجلسات العامة",
            "accessibility_notes": ("مدخل بدون درجات؛ أماكن مخصصة لمستعملي الكراسي المتحركة."),
        },
        "Espace bien-être": {
            "name": "فضاء العافية",
            "accessibility_notes": "قاعة هادئة بإضاءة خافتة؛ مفتوحة طوال اليوم.",
        },
    },
    "partners": {
        "TikTok": {"description": "منظِّم الملتقى؛ أدوات السلامة والعافية في المنصة."},
        "Nightline France": {
            "description": (
                "جمعية للإنصات يديرها الطلبة لفائدة الطلبة، يدعمها صندوق تيك توك للصحة النفسية."
            )
        },
        "MENAT Safety Advisory Council": {
            "description": (
                "المجلس الاستشاري للسلامة التابع لتيك توك في منطقة الشرق الأوسط وشمال "
                "إفريقيا وتركيا."
            )
        },
    },
    "support": {
        "SAMU (urgences médicales, Maroc)": {
            "name": "المستعجلات الطبية (SAMU، المغرب)",
            "description": "في حالة الخطر الداهم.",
        },
        "Nightline France": {
            "name": "Nightline France",
            "description": "خط إنصات ليلي يديره الطلبة لفائدة الطلبة (فرنسا).",
        },
    },
    # The masculine forms, as the Arabic interface catalog's own example of these categories.
    "categories": ["مهني", "طالب", "وليّ أمر", "صانع محتوى"],
    "consents": [
        "أوافق على أن يحتفظ المنظِّمون بتسجيلي إلى غاية مرور سنة على انعقاد الملتقى.",
    ],
    "sessions": {
        "Accueil des participants": {
            "title": "تسجيل وصول المشاركين",
            "description": _FILLER_AR,
        },
        "Santé mentale à l’ère numérique": {
            "title": "الصحة النفسية في العصر الرقمي",
            "description": (
                "آثار وسائل التواصل الاجتماعي على الأجيال الشابة، ومبادرات تيك توك "
                "الاستباقية لتعزيز السلامة وتشجيع عادات رقمية أكثر صحة."
            ),
        },
        "Pause café": {"title": "استراحة قهوة", "description": _FILLER_AR},
        "Pause bien-être : respiration guidée": {
            "title": "استراحة عافية: تنفّس موجَّه",
            "description": "لحظة هادئة لالتقاط الأنفاس بين المائدتين المستديرتين. " + _FILLER_AR,
        },
        "Exploiter les réseaux sociaux pour un impact positif": {
            "title": "تسخير وسائل التواصل الاجتماعي من أجل أثر إيجابي",
            "description": "دور المنصات في الحد من الوصم وتعزيز مجتمعات متضامنة.",
        },
        "Déjeuner et échanges": {"title": "غداء ونقاشات", "description": _FILLER_AR},
        "Espace calme en accès libre": {
            "title": "فضاء هادئ مفتوح للجميع",
            "description": "قاعة هادئة مفتوحة للجميع. " + _FILLER_AR,
        },
    },
    "speakers": {
        "Jallal Toufiq": {
            "name": "جلال التوفيق",
            "position": "طبيب نفسي",
            "bio": "قدّم تحليلاته حول أهمية إنشاء فضاءات رقمية آمنة للشباب.",
        },
        "Imane Kendili": {
            "position": "طبيبة نفسية",
            "bio": (
                "سلّطت الضوء على الضغط النفسي المرتبط بالمقارنة على وسائل التواصل "
                "الاجتماعي، واقترحت حلولًا للحد من الوصم والآثار السلبية."
            ),
        },
        "Malak Jaafar": {
            "position": (
                "مسؤولة الشراكات والتوعية في منطقة الشرق الأوسط وشمال إفريقيا وتركيا (MENAT)"
            ),
            "bio": (
                "قدّمت أدوات السلامة في المنصة، المصمَّمة لإرساء بيئة إيجابية وآمنة على الإنترنت."
            ),
        },
        "Adil Taouil": {
            "position": "صانع محتوى على تيك توك",
            "bio": "روى كيف يستخدم المنصة للتوعية بالصحة النفسية ومشاركة تجربته الشخصية.",
        },
        "Ayoub Benabbou": {
            "position": "أخصائي نفسي إكلينيكي",
            "bio": "اقترح استراتيجيات لتعزيز التوعية والحد من الوصم في المشهد الرقمي.",
        },
        "Myriam Bahri": {
            "position": "معالِجة نفسية، عضوة في MENAT SAC",
            "bio": (
                "قدّمت منظورًا محليًا حول التحديات والتوجهات الخاصة بالمغرب، وأكدت الدور "
                "الحاسم لأولياء الأمور في تعزيز الاستخدام المسؤول لوسائل التواصل "
                "الاجتماعي من طرف الشباب."
            ),
        },
    },
}

_ENGLISH: DemoTranslation = {
    "event": {
        "title": "Mental Health Summit — Casablanca",
        "tagline": "Young people’s wellbeing in the digital age",
        "description": (
            "TikTok’s first mental health summit in Morocco: an event that brings together "
            "experts, doctors and content creators in Casablanca to promote young people’s "
            "wellbeing in the digital age, in particular the online safety of minors.\n\n"
            "Two round tables: “Mental health in the digital age” and “Harnessing social "
            "media for a positive impact”."
        ),
        "venue_name": "Casablanca (demo venue)",
    },
    "rooms": {
        "Salle plénière": {
            "name": "Plenary hall",
            "accessibility_notes": "Step-free access; spaces reserved for wheelchair users.",
        },
        "Espace bien-être": {
            "name": "Wellbeing space",
            "accessibility_notes": "Quiet room with dimmed lighting; open all day.",
        },
    },
    "partners": {
        "TikTok": {
            "description": "Organizer of the summit; the platform’s safety and wellbeing tools."
        },
        "Nightline France": {
            "description": (
                "Listening association run by and for students, supported by TikTok’s "
                "mental health fund."
            )
        },
        "MENAT Safety Advisory Council": {
            "description": (
                "TikTok’s safety advisory council for the Middle East, North Africa and Turkey."
            )
        },
    },
    "support": {
        "SAMU (urgences médicales, Maroc)": {
            "name": "SAMU (medical emergencies, Morocco)",
            "description": "In case of immediate danger.",
        },
        "Nightline France": {
            "name": "Nightline France",
            "description": "Night-time listening line run by and for students (France).",
        },
    },
    "categories": ["Professional", "Student", "Parent", "Content creator"],
    "consents": [
        "I agree that the organizers keep my registration until one year after the summit.",
    ],
    "sessions": {
        "Accueil des participants": {"title": "Attendee check-in", "description": _FILLER_EN},
        "Santé mentale à l’ère numérique": {
            "title": "Mental health in the digital age",
            "description": (
                "The impact of social media on younger generations, and TikTok’s proactive "
                "initiatives to strengthen safety and encourage healthier digital habits."
            ),
        },
        "Pause café": {"title": "Coffee break", "description": _FILLER_EN},
        "Pause bien-être : respiration guidée": {
            "title": "Wellbeing break: guided breathing",
            "description": (
                "A quiet moment to catch your breath between the two round tables. " + _FILLER_EN
            ),
        },
        "Exploiter les réseaux sociaux pour un impact positif": {
            "title": "Harnessing social media for a positive impact",
            "description": (
                "The role of platforms in reducing stigma and fostering supportive communities."
            ),
        },
        "Déjeuner et échanges": {"title": "Lunch and conversations", "description": _FILLER_EN},
        "Espace calme en accès libre": {
            "title": "Quiet space, open to all",
            "description": "A quiet room open to everyone. " + _FILLER_EN,
        },
    },
    "speakers": {
        "Jallal Toufiq": {
            "position": "Psychiatrist",
            "bio": "Shared his analysis of why safe digital spaces for young people matter.",
        },
        "Imane Kendili": {
            "position": "Psychiatrist",
            "bio": (
                "Highlighted the psychological pressure of comparison on social media and "
                "proposed ways to reduce stigma and its negative effects."
            ),
        },
        "Malak Jaafar": {
            "position": (
                "Head of partnerships and outreach for the MENAT region (Middle East, North "
                "Africa and Turkey)"
            ),
            "bio": (
                "Presented the platform’s safety tools, designed to build a positive and "
                "secure online environment."
            ),
        },
        "Adil Taouil": {
            "position": "Content creator on TikTok",
            "bio": (
                "Told how he uses the platform to raise awareness of mental health and to "
                "share his personal experience."
            ),
        },
        "Ayoub Benabbou": {
            "position": "Clinical psychologist",
            "bio": (
                "Proposed strategies to raise awareness and reduce stigma in the digital landscape."
            ),
        },
        "Myriam Bahri": {
            "position": "Psychotherapist, member of the MENAT SAC",
            "bio": (
                "Brought a local perspective on the challenges and trends specific to "
                "Morocco, and stressed the crucial role of parents in promoting young "
                "people’s responsible use of social media."
            ),
        },
    },
}

# language -> what the demo says in that language; keys are the French natural keys
DEMO_TRANSLATIONS: dict[str, DemoTranslation] = {"ar": _ARABIC, "en": _ENGLISH}
