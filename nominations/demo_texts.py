# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""The demo's calls, cycles and categories in both languages. Each language's text is
written for its own readers (the Chinese in the register of a city government's notices),
not translated sentence by sentence."""

ZH, EN = "zh-hans", "en"


def cycle_names(year):
    return {ZH: f"{year}年度城市创新奖", EN: f"{year} City Innovation Awards"}


# The six shipped categories: the Chinese names and descriptions as the awards office
# writes them (the migration filled only what the interface's catalogue had).
CATEGORIES = {
    "INF": ("新基建", "以新理念、新方式建设或改造的道路桥梁、信息网络、市政公用和公共服务设施。"),
    "TEC": ("新技术", "从实验室走向首次应用的原创技术、关键工艺和新方法。"),
    "MAT": ("新材料", "新研制或性能显著提升的金属、复合、化工、碳基等各类材料。"),
    "EQP": ("新装备", "在本市自主设计或制造的机械装备、精密仪器和高端装备。"),
    "PRD": ("新产品", "已投放市场、服务群众或产业，成效可量化的新产品。"),
    "IND": ("新业态", "带动本地经济发展的新兴产业、新商业模式和产业集群。"),
}

CALL_INDEX = {
    ZH: {
        "title": "提名征集",
        "intro": "城市创新奖每年按类别分别发布提名征集公告。请先阅读各类别的申报条件和评审标准，再进行提名。",
    },
    EN: {
        "title": "Calls for nominations",
        "intro": "Each year the awards open a call in every category. Read what each call asks for, then nominate.",
    },
}

# Why each category's call matters, in a sentence for the call's card.
CALL_INTROS = {
    "INF": {
        ZH: "让城市运行更安全、更高效、更低碳的基础设施项目，欢迎提名。",
        EN: "Infrastructure that makes the city safer, more efficient and lower in carbon.",
    },
    "TEC": {
        ZH: "已在本市落地应用、解决实际问题的原创技术，欢迎提名。",
        EN: "Original technologies already at work in the city, solving real problems.",
    },
    "MAT": {
        ZH: "性能领先、已实现量产或示范应用的新材料，欢迎提名。",
        EN: "New materials that outperform what came before, in production or proven in use.",
    },
    "EQP": {
        ZH: "由本市企业和科研团队研制、提升产业竞争力的装备，欢迎提名。",
        EN: "Equipment designed and built here that makes local industry more competitive.",
    },
    "PRD": {
        ZH: "已走进市场、深受群众和企业认可的新产品，欢迎提名。",
        EN: "New products that have reached the market and won over customers.",
    },
    "IND": {
        ZH: "培育新增长点、带动就业的新业态和新模式，欢迎提名。",
        EN: "New industries and business models that create jobs and new sources of growth.",
    },
}


def call_title(lang, year, category_name):
    if lang == ZH:
        return f"{year}年度“{category_name}”类提名征集"
    return f"{category_name}: call for nominations {year}"


ELIGIBILITY = {
    ZH: (
        "<p>近三年内在本市研发、生产或首次应用，或与本市合作单位共同完成的创新成果均可提名。</p>"
        "<ul><li>被提名人同意入围后参加评审。</li>"
        "<li>须提供成效佐证材料，如检测报告、证书、照片或媒体报道。</li>"
        "<li>同一成果在同一年度只能提名一次。</li></ul>"
    ),
    EN: (
        "<p>Innovations developed, made or first used in the city or with its partners in the last three years.</p>"
        "<ul><li>The nominee agrees to take part if shortlisted.</li>"
        "<li>Evidence of results: reports, certificates, photographs or press coverage.</li>"
        "<li>One nomination per innovation in each cycle.</li></ul>"
    ),
}

CRITERIA = {
    ZH: [
        ("创新性", "与现有技术、方法或产品相比，新在哪里、先进在哪里。"),
        ("实际成效", "可量化的成果，如新增产值、降本增效、节能减排、带动就业、改善民生等。"),
        ("成熟度", "处于研发、试点还是已推向市场，有哪些材料可以证明。"),
        ("对城市的贡献", "对本市经济发展、民生改善和区域协同合作的带动作用。"),
    ],
    EN: [
        ("Novelty", "How new is the idea, method or product, compared with what existed before?"),
        ("Impact", "Measurable results: jobs, output, savings, emissions, lives improved."),
        ("Maturity", "How far along it is: research, pilot, or in the market, and what proves it."),
        (
            "Contribution to the city",
            "How it strengthens the city's economy, people and cooperation with other regions.",
        ),
    ],
}

FAQ = {
    ZH: [
        ("可以自荐吗？", "可以。欢迎自荐，自荐与他人提名适用同样的评审标准。"),
        ("哪些对象可以被提名？", "个人、团队、企业、高等院校、科研院所及其他组织均可被提名。"),
        (
            "提交后还能修改吗？",
            "提交后可以撤回。如评选办公室退回要求补正，您可以修改后重新提交。",
        ),
    ],
    EN: [
        ("Can I nominate myself?", "Yes. Self-nominations are welcome and judged the same way."),
        (
            "Who can be nominated?",
            "A person, a team, an enterprise, a university, a research institute or another organisation.",
        ),
        (
            "Can I change a nomination after submitting it?",
            "You can withdraw it. If the awards office returns it for amendment, you can edit and resubmit it.",
        ),
    ],
}


def call_texts(lang, year, category_name, code):
    """A call page's own text fields in one language."""
    return {
        "title": call_title(lang, year, category_name),
        "intro": CALL_INTROS[code][lang],
        "eligibility": ELIGIBILITY[lang],
        "criteria": [("criterion", {"name": n, "description": d}) for n, d in CRITERIA[lang]],
        "faq": [("question", {"question": q, "answer": f"<p>{a}</p>"}) for q, a in FAQ[lang]],
    }


WINNERS_INDEX = {
    ZH: {"title": "获奖风采", "intro": "历年城市创新奖获奖者，按年度和类别查看他们的创新故事。"},
    EN: {"title": "Winners", "intro": "The innovators the city has commended, year by year and category by category."},
}
