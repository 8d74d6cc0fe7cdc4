# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""The demo winners' stories in both languages, keyed by the nomination's title. Each
language tells the story for its own readers: the Chinese as the city's news office writes
a winner's profile, the English as a short feature."""

ZH, EN = "zh-hans", "en"

# title: {language: (page title, summary, [paragraphs], quote, [(figure, label)], caption)}
STORIES = {
    "Intelligent coal shearer": {
        ZH: (
            "智能化采煤机：让井下少人、安全、高效",
            "大同煤矿集团机械公司自主研制的智能化采煤机，实现了记忆截割和远程操控，工作面作业人员大幅减少。",
            [
                "这台采煤机由企业技术团队历时三年攻关研制，具备记忆截割、自动调高和远程监控功能，"
                "司机在巷道集控室即可完成操作。",
                "<h3>创新之处</h3><p>自主开发的截割控制系统可根据煤层变化实时调整截割高度，关键部件全部实现国产化。</p>",
                "<h3>取得成效</h3><p>已在三个综采工作面稳定运行，单班作业人员由十二人减至五人，"
                "全年未发生机电安全事故。</p>",
            ],
            "把人从危险岗位上解放出来，是我们最大的心愿。",
            [("7人", "单班减少作业人员"), ("20%", "工作面效率提升")],
            "智能化采煤机在综采工作面作业",
        ),
        EN: (
            "A coal shearer that runs itself",
            "Datong Coal Mine Group's own intelligent shearer remembers the seam and is driven from the "
            "surface, so far fewer miners work at the coal face.",
            [
                "Three years in the making, the shearer learns the seam on its first pass, adjusts its cutting "
                "height on its own and is operated from a control room in the roadway.",
                "<h3>What is new</h3><p>A cutting controller developed in-house that follows the seam as it "
                "changes; every key part is now made in China.</p>",
                "<h3>Results</h3><p>Running on three longwall faces, with five people a shift instead of twelve "
                "and no electrical or mechanical accident in a year.</p>",
            ],
            "Getting people out of the most dangerous jobs is what we set out to do.",
            [("7", "fewer people per shift"), ("20%", "more output per face")],
            "The shearer at work on a longwall face",
        ),
    },
    "Fly-ash ceramic foam": {
        ZH: (
            "粉煤灰变身轻质保温陶瓷",
            "山西大学材料团队把电厂粉煤灰烧制成泡沫陶瓷，既消纳了固废，又造出了防火保温的新型建材。",
            [
                "团队以电厂排放的粉煤灰为主要原料，经发泡、烧结制成泡沫陶瓷板，可用于建筑外墙保温和防火隔断。",
                "<h3>创新之处</h3><p>粉煤灰掺量达到八成以上，烧成温度比同类产品低约一百五十摄氏度。</p>",
                "<h3>取得成效</h3><p>中试线年消纳粉煤灰五万吨，产品已用于本市两个保障性住房项目。</p>",
            ],
            "过去堆在灰场的废料，如今成了盖房子的好材料。",
            [("5万吨", "年消纳粉煤灰"), ("A级", "防火等级")],
            "粉煤灰泡沫陶瓷样品",
        ),
        EN: (
            "Fly ash turned into fireproof insulation",
            "A Shanxi University team fires power-station fly ash into ceramic foam: less waste on the ash "
            "heaps, and a light, fireproof building material.",
            [
                "The team foams and sinters fly ash from the city's power stations into ceramic boards that "
                "insulate outside walls and stop fire spreading.",
                "<h3>What is new</h3><p>More than 80% of the board is fly ash, and it fires at about 150°C "
                "less than comparable foams.</p>",
                "<h3>Results</h3><p>The pilot line takes 50,000 tonnes of fly ash a year, and its boards are "
                "in two of the city's affordable housing projects.</p>",
            ],
            "What used to sit on the ash heap now goes into people's homes.",
            [("50,000 t", "fly ash used a year"), ("Class A", "fire rating")],
            "Samples of the fly-ash ceramic foam",
        ),
    },
    "Volcano geopark tourism platform": {
        ZH: (
            "大同火山群地质公园智慧旅游平台",
            "大同文旅集团打造的智慧旅游平台，把预约、导览、科普和文创整合到一部手机上，带火了火山群旅游。",
            [
                "平台覆盖大同火山群地质公园全部开放景点，游客可在线预约、听语音讲解、看增强现实科普内容。",
                "<h3>创新之处</h3><p>首次将地质科普与数字导览结合，依据客流实时调度接驳车辆，引导错峰游览。</p>",
                "<h3>取得成效</h3><p>上线一年接待游客一百二十万人次，周边新开民宿和餐饮店四十余家。</p>",
            ],
            "让火山“开口说话”，让游客看得懂、留得住。",
            [("120万", "年接待游客人次"), ("40余家", "新开民宿和餐饮店")],
            "游客在火山口观景台使用导览服务",
        ),
        EN: (
            "A digital guide to Datong's volcanoes",
            "Datong Culture & Tourism Group put booking, guiding, geology and local crafts in one app, and "
            "visitors came to the volcano geopark in numbers.",
            [
                "The platform covers every open site in the Datong volcano geopark: visitors book online, "
                "listen to audio guides and see the geology explained in augmented reality.",
                "<h3>What is new</h3><p>Geology teaching and digital guiding in one place, with shuttle buses "
                "sent where the crowds are and visitors steered away from the busiest hours.</p>",
                "<h3>Results</h3><p>1.2 million visitors in its first year, and more than forty new "
                "guesthouses and restaurants nearby.</p>",
            ],
            "We wanted the volcanoes to tell their own story, so that people understand them and stay longer.",
            [("1.2 million", "visitors in a year"), ("40+", "new guesthouses and restaurants")],
            "Visitors using the guide at a crater viewpoint",
        ),
    },
    "Coal-bed methane micro-grid": {
        ZH: (
            "煤层气微电网点亮矿区",
            "大同清洁能源公司利用煤层气发电，建成矿区微电网，变安全隐患为清洁能源。",
            [
                "项目将过去直接排放的低浓度煤层气收集提纯，用于燃气发电，并与光伏、储能组成矿区微电网。",
                "<h3>创新之处</h3><p>自主研发的低浓度瓦斯安全输送和发电技术，使浓度百分之十以下的煤层气也能稳定利用。</p>",
                "<h3>取得成效</h3><p>年发电量一点二亿千瓦时，每年减少二氧化碳当量排放约六十万吨。</p>",
            ],
            "矿井里抽出来的每一方气，都要让它发光发热。",
            [("1.2亿千瓦时", "年发电量"), ("60万吨", "年减排二氧化碳当量")],
            "矿区微电网储能站",
        ),
        EN: (
            "Mine gas that lights the mining district",
            "Datong Clean Power burns coal-bed methane to run a micro-grid for the mines, turning a safety "
            "hazard into clean power.",
            [
                "Low-grade methane that used to be vented is collected, cleaned and burned in gas engines, "
                "and a micro-grid joins them with solar panels and batteries.",
                "<h3>What is new</h3><p>Home-grown technology to carry and burn gas at under 10% methane "
                "safely and steadily.</p>",
                "<h3>Results</h3><p>120 million kWh a year, and about 600,000 tonnes less CO₂-equivalent "
                "emitted every year.</p>",
            ],
            "Every cubic metre of gas we draw from the mine should give light and heat.",
            [("120 GWh", "generated a year"), ("600,000 t", "CO₂-equivalent avoided a year")],
            "The micro-grid's battery station",
        ),
    },
    "Rammed-earth restoration of the city wall": {
        ZH: (
            "传统夯土工艺修复大同古城墙",
            "大同古建筑公司将传统夯土工艺与现代检测技术相结合，让明代古城墙的夯土段重现原貌。",
            [
                "修缮团队走访老匠人，复原了传统夯土配比和夯筑工序，对古城墙受损夯土段进行原工艺修复。",
                "<h3>创新之处</h3><p>引入三维扫描和含水率监测，为每一段墙体建立数字档案，做到修旧如旧、可追溯。</p>",
                "<h3>取得成效</h3><p>已修复城墙一点二公里，培养夯土技艺传承人三十名。</p>",
            ],
            "老城墙要用老手艺来修，也要用新技术来守。",
            [("1.2公里", "修复城墙长度"), ("30名", "培养技艺传承人")],
            "修复后的古城墙夯土段",
        ),
        EN: (
            "Restoring the city wall the way it was built",
            "Datong Heritage Builders pair traditional rammed earth with modern surveying to bring the Ming "
            "city wall's earthen sections back to how they were.",
            [
                "The team learned the old mixes and ramming methods from master builders and repairs the "
                "damaged earthen sections of the wall with them.",
                "<h3>What is new</h3><p>3D scans and moisture sensors give every section a digital record, so "
                "each repair matches the original and can be traced.</p>",
                "<h3>Results</h3><p>1.2 km of wall restored, and thirty young builders trained in the craft.</p>",
            ],
            "An old wall should be mended with the old craft, and looked after with the new.",
            [("1.2 km", "of wall restored"), ("30", "builders trained")],
            "A restored rammed-earth section of the wall",
        ),
    },
}


# Who says the quote, in each language's own form of the name.
ATTRIBUTIONS = {
    "Intelligent coal shearer": {ZH: "研发团队负责人", EN: "The shearer's lead engineer"},
    "Fly-ash ceramic foam": {ZH: "山西大学材料团队", EN: "Shanxi University Materials Lab"},
    "Volcano geopark tourism platform": {ZH: "大同文旅集团", EN: "Datong Culture & Tourism Group"},
    "Coal-bed methane micro-grid": {ZH: "大同清洁能源公司", EN: "Datong Clean Power"},
    "Rammed-earth restoration of the city wall": {ZH: "修缮团队老匠人", EN: "A master builder on the team"},
}


def story_fields(title, lang):
    """A story page's own text in one language, as field values (the body's image and the
    gallery's image are the caller's)."""
    heading, summary, paragraphs, quote, figures, _caption = STORIES[title][lang]
    return {
        "title": heading,
        "summary": summary,
        "body": [
            *[{"type": "paragraph", "value": p if p.startswith("<") else f"<p>{p}</p>"} for p in paragraphs],
            {"type": "quote", "value": {"text": quote, "attribution": ATTRIBUTIONS[title][lang]}},
            {"type": "key_figures", "value": [{"figure": f, "label": label} for f, label in figures]},
        ],
    }


def caption(title, lang):
    return STORIES[title][lang][5]
