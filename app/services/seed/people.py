"""Fictional craftsmen for the demo: names, trades, careers and stories that read like real nominations
(any likeness to real people is coincidental). Pure data and text, no database."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟万段钱汤尹黎常武乔贺龚"
GIVEN_MALE = ("建华", "海涛", "立新", "志强", "晓东", "国庆", "卫东", "振宇", "永刚", "德明", "成林", "光辉",
              "宏伟", "长江", "学军", "守成", "家明", "庆丰", "俊杰", "培元", "士杰", "广林", "兆明", "传宝")
GIVEN_FEMALE = ("春梅", "玉兰", "红霞", "桂芳", "秀英", "海燕", "金凤", "爱华", "雪梅", "丽娟", "文静", "晓岚")
POLITICAL = ("中共党员", "中共党员", "群众", "中共党员", "共青团员", "群众", "民主党派成员")
EDUCATION = ("中专", "技工学校", "大专", "高中", "本科", "大专", "技工学校")


@dataclass(frozen=True)
class Trade:
    trade: str
    post: str
    skill_level: str
    condition: int
    feat: str
    method: str
    innovation: str


TRADES = (
    Trade("数控车工", "数控车间班长", "高级技师", 2,
          "在全市职工职业技能大赛数控车工决赛中，{name}以理论、实操双第一的成绩夺冠。{p}加工的高精度主轴零件，圆度误差控制在0.002毫米以内，替代了原本依赖进口的同类产品。",
          "三查两比对工作法", "多工位复合夹具"),
    Trade("港口门座起重机司机", "装卸队司机长", "技师", 2,
          "在港口集装箱装卸作业中，{name}创造了单机每小时42个自然箱的作业纪录，连续多年保持“零事故、零货损”。{p}总结的大风天气吊装要领，成为港区同类岗位的必修课。",
          "稳钩八步操作法", "吊具防摇辅助装置"),
    Trade("焊工", "焊接班组长", "高级技师", 3,
          "{name}攻克了不锈钢薄板与碳钢异种金属焊接变形的难题，焊缝一次探伤合格率达到99.8%。{p}领衔的劳模创新工作室先后承担省重点装备焊接攻关任务五项。",
          "薄板低热输入焊法", "焊接变形预控工装"),
    Trade("维修电工", "设备科电气主管", "技师", 4,
          "{name}主持完成生产线电气控制系统改造，把设备平均故障间隔时间延长了一倍多。{p}获评市“首席员工”，其革新成果获市职工科技创新成果一等奖。",
          "故障树快速排查法", "变频节能控制柜"),
    Trade("化工总控工", "装置主操", "高级工", 4,
          "{name}长期在装置一线操作，提出的精馏塔操作参数优化方案使产品收率提高1.5个百分点。{p}参与编写的装置应急处置卡，被推广到园区多家企业使用。",
          "四看一算巡检法", "精馏塔回流自动调节改造"),
    Trade("中式烹调师", "行政总厨", "高级技师", 1,
          "{name}潜心研究海州湾海鲜传统烹制技艺，挖掘整理地方名菜四十余道。{p}在省级烹饪技能大赛中获金奖，是市级非物质文化遗产项目的传承人之一。",
          "鲜味三分法", "海鲜菜肴标准化出品流程"),
    Trade("水晶雕刻工", "首席雕刻师", "高级技师", 1,
          "{name}从事水晶雕刻二十余年，作品以刀法细腻、构思巧妙著称，多件作品在全国工艺美术展中获奖。{p}是市级非物质文化遗产项目水晶雕刻技艺的代表性传承人。",
          "因材施雕六步法", "水晶雕刻定位靠模"),
    Trade("汽车维修工", "技术总监", "技师", 2,
          "{name}在省汽车维修技能大赛中获得第二名，擅长新能源汽车电控系统故障诊断。{p}带领团队解决疑难故障三百余例，被客户称为“汽车医生”。",
          "望闻问切诊断法", "新能源电池检测工装"),
    Trade("纺织挡车工", "细纱值车工", "高级工", 2,
          "{name}在市纺织行业技能竞赛中连续两届获得第一名，看台能力和接头速度全厂领先。{p}总结的巡回操作法使断头率下降了三成。",
          "巡回清洁操作法", "细纱断头自停装置"),
    Trade("专科护理", "护士长", "副高级职称", 3,
          "{name}从事临床护理工作多年，牵头建立了医院伤口造口护理门诊，累计服务患者一万余人次。{p}领衔的护理创新工作室获评市级劳模创新工作室。",
          "伤口护理五步法", "便携式换药护理包"),
    Trade("装配钳工", "装配车间技术组长", "高级技师", 4,
          "{name}主持的大型减速机装配工艺改进，使装配周期缩短40%，产品返修率降至千分之一以下。{p}的多项技术革新获得国家实用新型专利。",
          "对中找正快捷法", "轴承热装定位工装"),
    Trade("集成电路装调工", "工艺工程师", "技师", 4,
          "{name}针对芯片封装良率波动的问题，带领团队开展攻关，使封装一次良率提升到99.6%。{p}的成果获省级职工技术创新成果奖。",
          "良率波动溯源法", "引线键合参数自适应程序"),
    Trade("食品检验员", "质检主管", "技师", 2,
          "{name}在全市食品检验职业技能竞赛中获得第一名，熟练掌握理化、微生物等多类检验方法。{p}建立的快检流程把检验周期缩短了一半。",
          "双人互核检验法", "快速检测样品前处理装置"),
    Trade("砌筑工", "项目技术负责人", "高级技师", 3,
          "{name}参与建设了多项市重点工程，所砌清水墙平整度误差不超过2毫米。{p}培养的青年砌筑工在省建筑技能大赛中获得团体二等奖。",
          "挂线三校砌筑法", "砌块铺浆辅助器"),
    Trade("石化设备检修钳工", "检修班长", "高级技师", 4,
          "{name}长期承担大型压缩机组检修任务，独创的机组振动快速诊断方法使检修时间缩短三分之一。{p}获评市“首席员工”。",
          "听振测温诊断法", "压缩机转子找平工具"),
    Trade("茶艺师", "茶艺培训主管", "技师", 1,
          "{name}致力于云雾茶传统制茶与茶艺文化传承，培训茶艺人员千余人次。{p}在省茶艺职业技能竞赛中获得第三名。",
          "一看二闻三品法", "手工炒茶温控灶"),
)

HONOURS = ("连云港市技术能手", "连云港市五一劳动奖章", "江苏省技术能手", "连云港市劳动模范", "江苏省五一创新能手",
           "市职工技能大赛一等奖", "市“首席员工”")


def _quoted(honour: str) -> str:
    """An honour in quotation marks, once: 市“首席员工” already carries its own."""
    return honour if "“" in honour else f"“{honour}”"


def name_of(i: int) -> tuple[str, str]:
    female = i % 4 == 1
    given = GIVEN_FEMALE[i % len(GIVEN_FEMALE)] if female else GIVEN_MALE[(i * 5) % len(GIVEN_MALE)]
    return SURNAMES[(i * 7) % len(SURNAMES)] + given, "女" if female else "男"


def person(i: int, employer: str, district: str, campaign_year: int) -> dict:
    """A complete, consistent fictional nominee (every field of attachment 1)."""
    name, gender = name_of(i)
    trade = TRADES[i % len(TRADES)]
    p = "她" if gender == "女" else "他"
    birth = date(1966 + (i * 3) % 25, 1 + (i * 5) % 12, 1)
    since = date(birth.year + 19 + i % 4, 1 + (i * 7) % 12, 1)
    years = campaign_year - since.year
    apprentices, saving, innovations = 6 + i % 20, 20 + (i * 13) % 180, 3 + i % 9
    honours = "、".join(HONOURS[(i + k) % len(HONOURS)] for k in range(1 + i % 3))
    feat = trade.feat.format(name=name, p=p)
    values = dict(name=name, p=p, employer=employer, post=trade.post, trade=trade.trade, since=since.year,
                  years=years, apprentices=apprentices, saving=saving, innovations=innovations,
                  method=trade.method, innovation=trade.innovation, honours=honours, feat=feat)
    story = _story(values)
    return {
        "name": name, "gender": gender, "political_status": POLITICAL[i % len(POLITICAL)], "birth_month": birth,
        "education": EDUCATION[i % len(EDUCATION)], "trade": trade.trade, "skill_level": trade.skill_level,
        "trade_since": since, "post": trade.post, "mobile": f"1390518{i:04d}", "employer_name": employer,
        "district": district,
        "career": (f"{since.year}年{since.month}月参加工作，在{employer}从事{trade.trade}工作；"
                   f"{since.year + 6}年起任班组骨干；{since.year + 12}年起任{trade.post}。"),
        "awards": "；".join(f"{campaign_year - 1 - k}年获{_quoted(h)}称号" for k, h in enumerate(honours.split("、"))),
        "deeds": (f"{name}从事{trade.trade}工作{years}年。{feat}{p}牵头完成技术革新{innovations}项，"
                  f"其中“{trade.innovation}”在企业推广应用，年节约成本约{saving}万元；总结的“{trade.method}”"
                  f"有效提高了工作效率。{p}先后带出徒弟{apprentices}名，多人成长为技师、高级技师。"),
        "story": story,
        "brief": f"从事{trade.trade}{years}年，主持技术革新{innovations}项，年节约成本约{saving}万元，带徒{apprentices}名。",
        "conditions": [{"condition": trade.condition, "evidence": feat[:200]}],
        "priority_chief_employee": "首席员工" in honours,
        "priority_innovation_award": trade.condition == 4,
    }


PARAGRAPHS = (
    "{name}，{employer}{post}。{since}年参加工作以来，{p}一直扎根{trade}岗位，从一名普通学徒成长为行业内公认的技术能手，"
    "至今已在生产一线坚守{years}年。{p}常说：“干一行就要爱一行，更要钻一行。”这句朴素的话，是{p}多年来工作的真实写照。",
    "刚参加工作时，{name}面对的是陌生的设备和复杂的工艺。为了尽快上手，{p}每天提前一个小时到岗，跟着师傅熟悉设备结构、"
    "记录操作要点，晚上回家再对照教材梳理当天遇到的问题。几年下来，{p}整理的学习笔记摞起来有半米多高，其中不少内容后来"
    "被单位采用，编入了新员工培训教材。正是这股不服输的钻劲，让{p}很快在同批职工中脱颖而出，成为班组里最年轻的骨干。",
    "{feat}这些成绩的背后，是无数个加班加点的夜晚和一次次推倒重来的试验。同事们说，只要{name}在现场，大家心里就有底。",
    "在长期实践中，{name}养成了“发现问题就要解决问题”的习惯。近年来，{p}牵头完成技术革新项目{innovations}项，"
    "其中“{innovation}”在单位内全面推广，每年节约成本约{saving}万元。{p}还结合岗位实际总结出一套操作方法，被同事们"
    "亲切地称为“{method}”，有效降低了差错率，提高了工作效率，也让新职工少走了很多弯路。",
    "作为单位的技术带头人，{name}把“传帮带”当成一份责任。{p}先后带出徒弟{apprentices}名，其中多人已成长为技师、"
    "高级技师，有的还在市级技能竞赛中获奖。{p}坚持每周在班组开展一次技术讲堂，把多年积累的经验毫无保留地传授给年轻"
    "职工；遇到疑难问题，{p}总是第一个冲在前面，带着大家一起分析原因、制定方案、验证效果。",
    "工作之余，{name}十分注重学习新知识、新技术。面对企业转型升级和智能化改造带来的新要求，{p}主动学习数字化设备操作"
    "和编程知识，利用业余时间考取了相关资格证书，不断拓宽自己的技术视野。在设备抢修、保供生产等急难险重任务面前，"
    "{p}始终冲锋在前，多次放弃节假日休息，保障了生产任务按期完成。",
    "{years}年来，{name}用实际行动诠释了精益求精、追求卓越的工匠精神，先后获得{honours}等荣誉。面对荣誉，{p}说："
    "“荣誉属于过去，岗位上还有很多难题等着我们去攻克。”如今，{p}依然每天奔忙在生产一线，用匠心守护着每一道工序、"
    "每一件产品，为港城高质量发展贡献着自己的力量。",
    "谈到今后的打算，{name}表示，将继续发挥好技术骨干的示范作用，把更多青年职工培养成能工巧匠，让技艺一代代传下去。",
)


def _story(values: dict, low: int = 1250, high: int = 1750) -> str:
    text = ""
    for paragraph in PARAGRAPHS:
        text += paragraph.format(**values) + "\n"
    while len(text) < low:  # short trades get one more paragraph of the same kind
        text += PARAGRAPHS[4].format(**values) + "\n"
    return text.strip()[:high]
