# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""The privacy page's content for the demo site, in English and Chinese; "{months}" is the
retention period from the settings (PRIVACY_RETENTION_MONTHS), filled in by home.demo."""

ENGLISH = [
    ("heading", "What we keep"),
    (
        "paragraph",
        "<ul><li>Your account: email address, name, and when you signed up and last signed in.</li>"
        "<li>Your nominations: the nominee's name, contact details and organisation, the team and partners, "
        "your answers and the files you upload, and each step of the nomination's history.</li>"
        "<li>Judges: the profile, the scores and comments given, and declared conflicts of interest.</li></ul>",
    ),
    ("heading", "Why"),
    (
        "paragraph",
        "<p>To run the awards: to screen and judge the nominations, to tell nominators and nominees the results, "
        "to publish the commended innovators who agreed to be named, and to keep a record of how every decision "
        "was reached, for appeals and statistics.</p>",
    ),
    ("heading", "How long"),
    (
        "paragraph",
        "<p>Nominations that were not shortlisted, not commended, withdrawn or ineligible keep their personal data "
        "for {months} months after the cycle's announcement; drafts never submitted, {months} months after their "
        "last change. Then the names, contacts, answers and files are erased; the reference, category, result "
        "and scores stay for statistics, without personal data. Commended nominations are public record and "
        "are kept.</p>",
    ),
    ("heading", "Your rights"),
    (
        "paragraph",
        "<p>Signed in, under My account → Your data, you can download everything we hold about you in one "
        "file, and delete your account. A nominee who wants their data erased can ask the awards office.</p>",
    ),
]

CHINESE = [
    ("heading", "我们保存哪些信息"),
    (
        "paragraph",
        "<ul><li>您的账户：电子邮箱、姓名、注册时间和最近登录时间。</li>"
        "<li>您的提名：被提名人的姓名、联系方式和单位，团队成员和合作单位，您填写的内容和上传的文件，以及提名的每一步记录。</li>"
        "<li>评审专家：个人简介、评分和评语，以及申报的利益冲突。</li></ul>",
    ),
    ("heading", "为什么保存"),
    (
        "paragraph",
        "<p>为了开展评选：审核和评审提名，向提名人和被提名人告知结果，公布同意署名的获表彰创新者，"
        "并保留每项决定的依据，以备申诉和统计。</p>",
    ),
    ("heading", "保存多久"),
    (
        "paragraph",
        "<p>未入围、未获表彰、已撤回或不符合条件的提名，其个人信息在当届结果公布后保存 {months} 个月；"
        "从未提交的草稿，在最后一次修改后保存 {months} 个月。期满后，姓名、联系方式、填写内容和文件将被删除；"
        "编号、类别、结果和评分以不含个人信息的形式保留用于统计。获表彰的提名属于公开记录，予以保留。</p>",
    ),
    ("heading", "您的权利"),
    (
        "paragraph",
        "<p>登录后，在“我的账户 → 您的数据”中，您可以一次性下载我们保存的关于您的全部信息，也可以删除您的账户。"
        "被提名人如需删除其个人信息，可联系评选办公室。</p>",
    ),
]
