"""Synthetic benchmark corpus: fake scraped Chinese news on party-building-led community governance.

This module owns the generator that load tests and search benchmarks use to fill a project with
tens of thousands of articles shaped like the real ones our users scrape: Simplified and
Traditional script, UTF-8 / GB18030 / Big5 files, and the web noise the importer has to cope
with (pinyin inserted after characters by a conversion site, SEO spam first lines, related-article
lists, copyright and ICP lines, image file names, county lists, BOMs, CRLF, lossy mojibake, and a
few characters outside the Basic Multilingual Plane). All text is assembled from templates
written for this module; places and people are invented.

Generation is deterministic for a seed and fast: every template piece is converted to its script
variants (Traditional via OpenCC s2t, Traditional with pinyin, Taiwan forms for Big5) once, when
the first article is generated, so an article is only random choices, `str.format_map` and joins.

Command line: ``python benchmarks/corpus_generator.py OUT_DIR --n 10000 --seed 1``.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Literal

Script = Literal["simplified", "traditional"]
Encoding = Literal["utf-8", "gb18030", "big5"]

# Variant indices of a converted piece: Simplified, Traditional (OpenCC s2t), Traditional with
# inserted pinyin, and Traditional in Taiwan forms (s2t then t2tw), the only one Big5 can hold
# (s2t yields 爲/羣/裏/着, which Big5 lacks).
S, T, TP, TW = 0, 1, 2, 3

MIN_CHARS = 1_500
MAX_CHARS = 6_000

# Shares of the corpus; the tests and the docs quote them.
TRADITIONAL_SHARE = 0.30
PINYIN_SHARE_OF_TRADITIONAL = 0.10
GB18030_SHARE_OF_SIMPLIFIED = 0.05
BIG5_SHARE_OF_TRADITIONAL = 0.05
SPAM_SHARE = 0.08
BOM_SHARE = 0.02
CRLF_SHARE = 0.03
MOJIBAKE_SHARE = 0.01
ASTRAL_NAME_SHARE = 0.02


@dataclass(frozen=True, slots=True)
class GeneratedArticle:
    """One generated article: its file name, text (as decoded), script and file encoding."""

    filename: str
    text: str
    script: Script
    encoding: Encoding


# --------------------------------------------------------------------------------------------
# Template text (Simplified). Slots in braces are filled per article from the cast below.
# --------------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """Split a space-separated word list (long lists read better as one string)."""
    return tuple(text.split())


CITIES = _words(
    "青禾 澄州 临澜 潮西 南塘 梅城 江右 柏川 岭东 禾阳 "
    "桃溪 云江 宁州 澜州 江北 苍梧 白水 沙城 望川 兰陵"
)
DISTRICTS = _words(
    "梧岭 东湖 安澜 长宁 丰和 瑞安 栖凤 云溪 香山 北关 "
    "望城 沙洲 鼓楼 新城 河东 石门 金台 凤鸣 青山 南岸"
)
STREETS = _words(
    "白鹭洲 沙井 红枫 兰亭 石桥 梅园 滨江 东门 枫桥 城关 东关 翠屏 北岸 槐荫 西湖 南门 "
    "桃源 杏坛 朝阳 龙井 荷塘 三里河 新桥 柳林 金沙 玉泉 东风 解放 和平 振兴"
)
# Community names with the slug used in file names.
COMMUNITIES: tuple[tuple[str, str], ...] = (
    ("枫林", "fenglin"),
    ("桂香", "guixiang"),
    ("桃源", "taoyuan"),
    ("锦河", "jinhe"),
    ("明珠", "mingzhu"),
    ("杏林", "xinglin"),
    ("长乐", "changle"),
    ("荷风", "hefeng"),
    ("桂花", "guihua"),
    ("白沙", "baisha"),
    ("和风", "hefeng"),
    ("清泉", "qingquan"),
    ("青石巷", "qingshixiang"),
    ("翠屏", "cuiping"),
    ("玉泉", "yuquan"),
    ("向荣", "xiangrong"),
    ("新华", "xinhua"),
    ("幸福里", "xingfuli"),
    ("春晖", "chunhui"),
    ("园丁", "yuanding"),
    ("丽景", "lijing"),
    ("金桥", "jinqiao"),
    ("海棠", "haitang"),
    ("银杏", "yinxing"),
    ("同心", "tongxin"),
    ("映山红", "yingshanhong"),
    ("五一", "wuyi"),
    ("光明", "guangming"),
    ("东苑", "dongyuan"),
    ("西园", "xiyuan"),
    ("南湖", "nanhu"),
    ("北辰", "beichen"),
    ("康乐", "kangle"),
    ("安居", "anju"),
    ("兴隆", "xinglong"),
    ("育才", "yucai"),
    ("红星", "hongxing"),
    ("铁路", "tielu"),
    ("纺织", "fangzhi"),
    ("矿机", "kuangji"),
    ("水岸", "shuian"),
    ("紫薇", "ziwei"),
    ("月湖", "yuehu"),
    ("文昌", "wenchang"),
    ("仁和", "renhe"),
    ("永宁", "yongning"),
    ("锦绣", "jinxiu"),
    ("福寿", "fushou"),
)
COMPOUNDS = _words(
    "锦苑 桂园 丽水花苑 金桂园 纺织宿舍 建设村 阳光家园 颐和佳苑 水岸名都 翠湖湾 "
    "幸福小区 铁路新村 电厂宿舍 和园 书香门第 润泽园 东方名城 康桥花园 机械厂宿舍 "
    "江南春晓 状元府 滨河苑 景泰园 梧桐苑"
)
SURNAMES = _words(
    "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 "
    "邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 "
    "汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾"
)
GIVEN_NAMES = _words(
    "建华 桂芳 志远 晓光 振华 丽娟 国栋 秀云 雅琴 春梅 玉珍 文慧 海波 德胜 敏 静 "
    "立新 海燕 国平 志强 明 红梅 晓燕 建国 丽华 春雨 洁 伟 强 芳 军 勇 婷 秀英 桂兰 "
    "文彬 思远 佳欣 子涵 浩然 雨桐 一鸣 晓峰 卓然 冬梅 永红 凤英 德厚 振东 淑珍"
)
# Names with characters outside the BMP, used in ASTRAL_NAME_SHARE of articles: offsets in
# UTF-16 (Qt) and in code points differ on them.
ASTRAL_NAMES = ("刘𠮷祥", "𨱏志芳", "陈𡌶生", "黄𪨶", "𠮷秀兰")
ASTRAL_PLACES = ("𡌶头", "𬇙溪", "𤭢窑")

BRANDS = _words(
    "红色管家 邻里驿站 同心家园 先锋楼道 暖心小屋 红帆领航 和谐邻里 初心港湾 "
    "红石榴 连心桥 幸福里 家门口 党群连心 红色引擎 邻里守望"
)
APPS = _words("邻里码上办 社区e家 邻里通 随手拍 一网通办 掌上社区 智慧邻里 社区云")

TIER_CHAINS: tuple[tuple[str, str], ...] = (
    ("四级", "社区大党委、小区党支部、楼栋党小组、党员中心户"),
    ("四级", "街道党工委—社区党委—网格党支部—楼栋党小组"),
    ("五级", "街道党工委—社区党委—小区党支部—楼栋党小组—党员中心户"),
    ("五级", "街道党工委—社区党总支—小区党支部—楼栋长小组—党员中心户"),
    ("六级", "街道党工委—社区党委—网格党支部—小区党小组—楼栋长—党员中心户"),
    ("六级", "街道党工委—社区党委—小区党支部—楼栋党小组—党员中心户—党员"),
)

OUTLETS = _words(
    "青禾日报 澄州广播电视台 临澜新闻网 潮西资讯网 南塘晚报 梅城新闻网 江右日报 柏川发布 "
    "岭东融媒 禾阳区融媒体中心 桃溪日报 云江新闻网 宁州先锋网 江北日报 基层治理观察 "
    "南方治理观察 华闻网 乡情网 社区时报 城市生活报"
)

TITLES = (
    "{district}区{street}街道：党建引领基层治理 {brand}服务暖人心",
    "{community}社区：{tiers}组织体系织密基层治理网",
    "党建引领基层治理丨{district}区：网格里的“小事”办成了",
    "红色物业进小区 {compound}有了“新管家”",
    "{city}市{district}区：“{brand}”让居民议事有了固定场所",
    "小程序“{app}”上线 {community}社区居民诉求“码”上办",
    "{street}街道{community}社区：党员中心户挂牌亮身份",
    "党建引领 共建共享丨{community}社区以“微治理”推动“大治理”",
    "{district}区推行“网格+党建” 网格员成为居民“贴心人”",
    "长者食堂开到家门口 {community}社区党员志愿者送餐上楼",
    "社区减负，为何“减”了又“增”？——来自{city}市的调查",
    "{community}社区“时间银行”：志愿服务存下邻里温情",
    "{city}市{district}区：加装电梯议事会议出“最大公约数”",
    "基层观察丨{community}社区的物业纠纷是怎样化解的",
    "“老娘舅”调解室里的邻里故事——{street}街道见闻",
    "{district}区：智慧社区建设既要“快”也要“稳”",
)

SUBHEADINGS = (
    "建强组织链条 夯实治理根基",
    "网格连民心 服务零距离",
    "红色物业“管”出幸福感",
    "志愿服务常态化 邻里互助有温度",
    "议事协商聚民智 共建共治解民忧",
    "数字赋能 让治理更精准",
    "聚焦“一老一小” 办好民生实事",
    "化解矛盾在基层 平安和谐在身边",
    "直面难题 补齐短板",
    "小区党支部“有阵地”",
    "楼栋党小组“有人管”",
    "党员中心户“有温度”",
)

LEADS = (
    "近年来，{city}市{district}区{street}街道{community}社区坚持以党建引领基层治理，"
    "不断完善组织体系、创新服务方式，推动社区治理从“管理”向“服务”转变，"
    "居民的获得感、幸福感、安全感持续提升。",
    "“以前有事不知道找谁，现在楼里有党员、网格有网格员，一个电话就有人来。”"
    "近日，家住{community}社区{compound}的居民{resident}说起小区的变化，连连称赞。",
    "{year}年以来，{district}区把党建引领基层治理作为“一把手”工程，"
    "以{community}社区为试点，探索形成了一套可复制、可推广的社区治理经验。",
    "{city}讯（记者 {reporter} 通讯员 {volunteer}）记者近日从{district}区委组织部获悉，"
    "该区{community}社区围绕居民“急难愁盼”问题，以党建为引领，推动各类资源向社区集聚。",
    "清晨七点，{community}社区网格员{gridworker}已经开始了一天的巡查。"
    "楼道里的杂物、路边的积水、独居老人家门口的牛奶有没有取走，都是她要留意的事。",
)

# Body paragraphs by theme. Every theme is sampled; "rare" paragraphs carry less common terms.
PARAGRAPHS_COMMON = (
    # Organisation tiers
    "{community}社区党委持续完善“{chain}”{tiers}组织体系，把党的组织触角延伸到居民小区和楼栋。"
    "目前，社区共建立小区党支部{n_small}个、楼栋党小组{n_groups}个，选树党员中心户{n_members}户，"
    "实现有条件的小区党组织应建尽建。",
    "一级抓一级，层层压实责任。街道党工委每季度召开基层党建联席会议，社区党委书记逐一汇报小区治理难题；"
    "社区党委对小区党支部实行“月调度、季评比”，把加装电梯、停车管理、垃圾分类等居民关心的事项列入支部任务清单。",
    "楼栋党小组是组织体系中最贴近群众的一环。{compound}{n_small}号楼党小组组长{volunteer}带领楼里的党员，"
    "把全楼住户的家庭情况整理成一张“楼栋民情图”，哪户有独居老人、哪户有困难家庭，一目了然。",
    "党员中心户统一挂牌亮身份，每户联系周边10户左右居民，定期走访、收集诉求，能解决的当场解决，"
    "解决不了的逐级上报。{year}年以来，社区党员中心户共收集居民诉求{n_events}条，办结率达到{pct}%。",
    "社区建立“大党委”，吸纳辖区机关企事业单位、物业企业、社会组织负责人担任兼职委员，"
    "推行共驻共建项目清单制度，协调解决停车场建设、背街小巷改造等难题{n_small}件。",
    "{district}区全面推行在职党员到居住地社区“双报到”，{n_members}名在职党员全部编入网格，"
    "认领服务岗位、参加志愿服务，实现“八小时以内在单位作贡献，八小时以外在社区献余热”。",
    # Grid management
    "社区按照“300户左右划一格”的标准，将辖区细分为{n_small}个网格，每个网格配备1名专职网格员和若干名兼职网格员，"
    "由社区“两委”成员担任网格长，在每个网格建立党支部或党小组，做到“人在格中走、事在网中办”。",
    "网格员{gridworker}负责的网格有居民楼{n_small}栋、住户{n_households}户。“每天至少走访二十户，"
    "谁家水管坏了、谁家老人该复诊了，心里都要有本账。”她说。",
    "网格员发现的问题，通过手机上的“{app}”上报，系统自动分派到对应部门，处理结果再反馈给居民。"
    "{year}年，社区通过网格上报各类事件{n_events}件，其中占道经营、楼道堆物等问题大多在24小时内得到处置。",
    "社区实行“地面网格+空中网络”管理模式，每个网格建立一个微信群，网格员、楼栋长、党员志愿者都在群里，"
    "居民有事在群里说一声，就有人接单处理。",
    # Red property management
    "“红色物业”的关键在于党组织把方向。社区推行“双向进入、交叉任职”，物业项目经理担任小区党支部委员，"
    "小区党支部书记兼任业委会主任，重大事项由支部先议、业委会再决、物业抓落实。",
    "物业进驻后，先办了三件居民最关心的事：清理楼道杂物、施划停车位、修复破损的雨污管网。"
    "一年来，{compound}物业费收缴率从最初的不足五成提高到{pct}%。",
    "社区每季度组织居民对物业服务进行满意度测评，测评结果与物业企业的评优评先、收费调整挂钩，"
    "物业服务费收支情况每季度在小区公示栏公开，接受居民监督。",
    # Volunteer service
    "社区党委牵头成立志愿服务总队，下设“银发互助”“红色宣讲”“平安巡逻”“环境美化”等{n_small}支志愿服务队，"
    "注册志愿者达到{n_households}人，其中党员志愿者占四成以上。",
    "居民参加志愿服务攒下的积分，可以在社区“积分超市”兑换洗衣液、大米等生活用品，"
    "也可以存起来，等自己需要帮助时再兑换上门服务。“做好事有回应、有记录，大家就更愿意来。”{resident}说。",
    "社区根据居民需求发布“微心愿”清单，由党员和志愿者认领，已帮助困难家庭孩子实现了买书包、学钢琴等心愿{n_small}个。",
    # Deliberation
    "社区把“{brand}议事会”搬进小区，按照“居民提事、支部议事、集体定事、党员办事、群众评事”的流程，"
    "让居民自己的事自己商量着办。{year}年以来，议事会共协商解决停车、楼道照明、快递柜设置等事项{n_small}件。",
    "围绕停车问题，议事会前后开了四次会：第一次摸底，第二次亮方案，第三次“吵”方案，第四次定方案。"
    "“吵是吵了，但吵完心里服气，方案是我们自己定的。”参加了全部会议的居民{resident}说。",
    "为了加装电梯，社区先后组织召开了{n_small}次议事会，请设计单位现场讲解不同方案的采光影响，"
    "高层住户主动提出多分摊一些费用，一楼住户不出资，最终全楼住户都签了字。",
    # Digital governance
    "“{app}”是{district}区推出的社区治理微信小程序，居民扫描楼道里的二维码即可报事报修、预约服务、参与议事投票。"
    "上线以来，累计受理各类诉求{n_events}件，办结率{pct}%。",
    "社区整合原来分散在民政、消防、综治等部门的多套系统，建成“一屏统览、一网通办”的治理平台，"
    "为独居老人家中安装了燃气报警器和紧急呼叫按钮，实现风险早发现、早处置。",
    # Elderly and services
    "社区长者食堂两荤一素一汤只需12元，80岁以上老人再减3元。行动不便的老人，"
    "由党员组成的“银龄送餐队”每天中午送餐上门，顺便看看老人身体怎么样、家里安全不安全。",
    "社区依托党群服务中心设置了日间照料室、康复理疗室和老年学堂，每周邀请社区卫生服务中心医生开展健康讲座和义诊，"
    "还针对双职工家庭开设了“四点半课堂”。",
    # Mediation
    "社区依托党群服务中心设立调解室，吸纳退休法官、老党员、律师志愿者组成调解员队伍，"
    "实行“小事不出楼栋，大事不出社区，矛盾不上交”。两年来共受理各类纠纷{n_events}件，调解成功率{pct}%。",
    # Quotes and closings
    "“组织体系建起来只是第一步，关键是让每一级都动起来。”{street}街道党工委书记{secretary}表示，"
    "下一步将推动组织体系从“有形覆盖”向“有效覆盖”转变。",
    "“网格虽小，连着千家万户。”{community}社区党委书记{secretary}说，社区将继续以党建引领为主线，"
    "把服务做到居民家门口，让群众的每一件小事都有人管、有人办。",
    "据了解，{district}区已有{n_small}个社区推广这一做法。区委组织部有关负责人表示，"
    "将进一步总结经验，推动党建引领基层治理向纵深发展。",
)

PARAGRAPHS_PROBLEMS = (
    "不过，网格员的工作并不轻松。除了日常巡查，网格员还要承担信息采集、各类报表填报等任务，"
    "“有时候一天要填好几张表，真正走访的时间被压缩了。”一位不愿具名的网格员坦言。",
    "也有居民提出不同意见。“有些老住户觉得以前不交钱也过来了，现在要交钱，一时想不通。”"
    "社区党委书记{secretary}说，社区采取党员带头、楼栋长上门讲解的办法，逐户做工作。",
    "社区工作人员坦言，部分老人不会使用智能手机，“还是打电话方便”。为此，社区保留了电话、上门等线下渠道，"
    "网格员每周把线下收集的诉求补录进系统，避免老人“被落下”。",
    "记者在采访中也发现，一些部门开发的App、小程序层层延伸到社区，要求每天登录打卡、上传照片，"
    "同一份数据要在不同平台各报一遍，社区工作者“指尖上的负担”有所加重。",
    "受薪酬待遇偏低、职业发展空间有限等因素影响，部分社区工作者和网格员流失率较高，"
    "新招来的人员往往要半年左右才能熟悉情况。",
    "社区党委也坦言，议事会并非每次都能达成一致，租户和年轻居民参与议事的积极性不高，"
    "部分小区的议事会成员以老人为主。",
)

# Less common terms: search benchmarks need some rare hits besides 社区 and 党建.
PARAGRAPHS_RARE = (
    "社区坚持和发展新时代“枫桥经验”，推行“三治融合”，把自治、法治、德治结合起来，推动矛盾纠纷就地化解。",
    "街道建立“街乡吹哨、部门报到”和“接诉即办”机制，网格党支部发现的问题可直接“吹哨”调度职能部门，限时办结。",
    "社区探索“五社联动”，整合社区、社会组织、社会工作者、社区志愿者和社会慈善资源，共同参与为老服务。",
    "社区在楼道设立“睦邻点”，推行楼道自治公约，由楼栋长牵头组织邻里互助，形成“一核多元”的共治格局。",
    "村改居后，社区组建股份经济合作社，推行“三资”管理公开制度，每季度公布集体资产收支明细。",
)

FOOTER_EDITORS = (
    "责编：{editor}",
    "(责编：{editor}、{reporter})",
    "【责任编辑：{editor}】",
    "编辑：{editor}  审核：{reporter}",
)
FOOTER_SOURCES = ("来源：{outlet}", "本文来源：{outlet}", "文章来源：{outlet}")
COPYRIGHT_LINES = (
    "版权所有，未经授权不得转载。",
    "本网稿件，未经书面许可不得转载、摘编，违者必究。",
    "免责声明：本文转载自网络，仅供参考，如有侵权请联系删除。",
    "版权声明：本文内容由互联网用户自发贡献，本站仅提供信息存储空间服务。",
)
SHARE_LINES = (
    "分享到",
    "下载APP",
    "分享让更多人看到",
    "返回顶部",
    "小字号",
    "阅读原文",
    "分享 收藏 点赞 在看",
)
ICP_PROVINCES = _words("湘 赣 皖 浙 苏 鄂 粤 闽 川 黔 滇 陕")
SPAM_LINES = (
    "最新高清电影免费在线观看,手机棋牌游戏大全下载,彩票开奖结果实时查询,正品低价代购秒杀",
    "手游私服一键开局,网赚平台日结兼职,足球比分直播在线观看,低价刷单返利秒到账",
    "免费小说全文阅读,热门电视剧在线播放,棋牌游戏真人对战,代开发票联系客服",
)
COUNTIES = _words(
    "桐梓县 金沙县 镇坪县 岚皋县 紫阳县 清涧县 吴堡县 子长市 旬邑县 永寿县 乾县 彬州市 长武县 "
    "麟游县 凤县 太白县 留坝县 佛坪县 宁强县 略阳县 镇巴县 西乡县 洋县 城固县 勉县 南郑区 "
    "汉台区 望谟县 册亨县 安龙县 晴隆县 贞丰县 普安县 兴仁市 石阡县 思南县 印江县 德江县 "
    "沿河县 松桃县 江口县 玉屏县 万山区 碧江区 黄平县 施秉县 三穗县 镇远县 岑巩县 天柱县"
)
COUNTY_SPAM = ("棋牌", "彩票", "体育", "佛学")
RELATED_HEADERS = ("相关阅读", "相关新闻", "热门文章", "相关推荐", "最新文章")
LABELS = {
    "source": "来源：",
    "reporter": "记者",
    "correspondent": "通讯员",
    "date": "日期：",
    "published": "发布时间：",
    "breadcrumb": "当前位置：首页 > 新闻 > 基层",
    "screenshot": "微信截图_",
    "icp": "ICP备案号：",
    "icp_mid": "ICP备",
    "icp_end": "号-",
}

# Lossy mojibake: UTF-8 bytes read as GBK with replacement, as scraped pages carry them.
MOJIBAKE_SOURCES = ("更方便了！”近日", "太贴心啦。”居民", "真正落地。”社区")


# --------------------------------------------------------------------------------------------
# Pinyin for the characters that OpenCC s2t changes, the ones a conversion site annotates.
# Keyed by the Simplified character; the most frequent changed characters in the templates above.
# --------------------------------------------------------------------------------------------

_PINYIN_TABLE = """
区qū 党dǎng 员yuán 网wǎng 户hù 组zǔ 业yè 楼lóu 来lái 会huì 务wù 里lǐ 个gè 织zhī
门mén 议yì 动dòng 报bào 时shí 记jì 开kāi 为wéi 发fā 关guān 栋dòng 县xiàn 长zhǎng 电diàn
调tiáo 说shuō 愿yuàn 层céng 办bàn 设shè 现xiàn 单dān 车chē 过guò 进jìn 群qún 经jīng 责zé
题tí 对duì 职zhí 书shū 体tǐ 问wèn 间jiān 实shí 项xiàng 与yǔ 让ràng 邻lín 联lián 级jí
费fèi 编biān 参cān 红hóng 台tái 点diǎn 机jī 难nán 负fù 评píng 统tǒng 结jié 头tóu 装zhuāng
决jué 将jiāng 还hái 资zī 两liǎng 后hòu 们men 领lǐng 转zhuǎn 类lèi 积jī 闻wén 担dān 协xié
于yú 阳yáng 独dú 备bèi 队duì 见jiàn 数shù 东dōng 线xiàn 没méi 号hào 这zhè 华huá 从cóng
访fǎng 键jiàn 并bìng 边biān 挂guà 专zhuān 减jiǎn 纠jiū 纷fēn 云yún 园yuán 晓xiǎo 载zài 内nèi
辑jí 变biàn 贴tiē 观guān 况kuàng 诉sù 余yú 干gàn 据jù 岁suì 临lín 权quán 乡xiāng 万wàn
学xué 条tiáo 众zhòng 场chǎng 采cǎi 传chuán 读dú 连lián 复fù 环huán 当dāng 处chù 几jǐ 价jià
请qǐng 话huà 广guǎng 选xuǎn 给gěi 占zhàn 银yín 计jì 阅yuè 桥qiáo 澜lán 续xù 验yàn 讯xùn
应yīng 张zhāng 帮bāng 录lù 枫fēng 运yùn 码mǎ 丽lì 强qiáng 视shì 带dài 账zhàng 总zǒng 讲jiǎng
换huàn 维wéi 约yuē 风fēng 么me 补bǔ 旧jiù 规guī 养yǎng 岭lǐng 宁níng 声shēng 国guó 达dá
纳nà 辖xiá 认rèn 划huà 标biāo 准zhǔn 测cè 优yōu 气qì 龄líng 兰lán 谁shéi 杂zá 双shuāng
满mǎn 兑duì 响xiǎng 签qiān 钟zhōng 块kuài 构gòu 随suí 锋fēng 锦jǐn 纺fǎng 凤fèng 丰fēng 图tú
托tuō 轻qīng 觉jué 较jiào 鹭lù 态tài 温wēn 罗luó 页yè 论lùn 检jiǎn 许xǔ 络luò 镇zhèn
册cè 远yuǎn 峰fēng 创chuàng 赞zàn 试shì 驻zhù 岗gǎng 热rè 细xì 诊zhěn 营yíng 牵qiān 摊tān
终zhōng 卫wèi 医yī 盖gài 钱qián 济jì 谢xiè 稳wěn 识shí 绍shào 种zhǒng 乱luàn 无wú 导dǎo
辆liàng 绿lǜ 厅tīng 挥huī 状zhuàng 违wéi 仅jǐn 吴wú 游yóu 龙lóng 静jìng 坚jiān 该gāi 围wéi
绕rào 树shù 压yā 汇huì 钩gōu 栏lán 监jiān 买mǎi 钮niǔ 课kè 购gòu 范fàn 顾gù 灯dēng
则zé 节jié 举jǔ 讨tǎo 刚gāng 饭fàn 潇xiāo 涨zhǎng 刘liú 陈chén 黄huáng 厂chǎng 滨bīn 献xiàn
郑zhèng 栖qī 鸣míng 审shěn 洁jié 断duàn 获huò 损sǔn 攒zǎn 递dì 预yù 紧jǐn 汤tāng 顺shùn
样yàng 义yì 师shī 虽suī 缩suō 极jí 产chǎn 荐jiàn 顶dǐng 询xún 链liàn 离lí 阵zhèn 韩hán
邓dèng 蒋jiǎng 谭tán 陆lù 频pín 确què 纪jì 轮lún 劝quàn 摆bǎi 订dìng 扰rǎo 质zhì 乐lè
听tīng 势shì 库kù 属shǔ 执zhí 别bié 术shù 显xiǎn 摄shè 脸liǎn 虑lǜ 护hù 际jì 征zhēng
谐xié 湾wān 删shān 贡gòng 兴xīng 胜shèng 伟wěi 苏sū 触chù 尽jìn 坏huài 馈kuì 缴jiǎo 钢gāng
柜guì 扫sǎo 综zōng 览lǎn 荤hūn 疗liáo 针zhēn 继jì 纵zòng 戏xì 奖jiǎng 战zhàn 齐qí 马mǎ
语yǔ 适shì 错cuò 释shì 欢huān 药yào 隐yǐn 严yán 儿ér 写xiě 却què 烟yān 爷yé 届jiè
习xí 驿yì 铁tiě 润rùn 寿shòu 军jūn 险xiǎn 杨yáng 赵zhào 孙sūn 叶yè 庆qìng 爱ài 争zhēng
亲qīn 须xū 证zhèng 简jiǎn 档dàng 脑nǎo 货huò 闲xián 筹chóu 辅fǔ 冲chōng 启qǐ 击jī 阶jiē
梦mèng 筑zhù 扩kuò 惯guàn 践jiàn 异yì 烦fán 贤xián 龚gōng 鲁lǔ 贝bèi 骆luò 庞páng
窦dòu 邬wū 聂niè 萧xiāo 韦wéi 贾jiǎ 卢lú 吕lǚ 冯féng 邹zōu 贺hè
"""

PINYIN: dict[str, str] = {entry[0]: entry[1:] for entry in _PINYIN_TABLE.split() if len(entry) > 1}


# --------------------------------------------------------------------------------------------
# Conversion: every piece of text is converted to its four variants once.
# --------------------------------------------------------------------------------------------

Variants = tuple[str, str, str, str]


class _Converter:
    """Convert Simplified pieces to their variants, caching each piece."""

    def __init__(self) -> None:
        import opencc  # imported here: the module must load (and --help work) without it

        self._s2t = opencc.OpenCC("s2t")
        self._t2tw = opencc.OpenCC("t2tw")
        # Pinyin keyed by the Traditional form of each character that s2t changes.
        self._pinyin_t: dict[str, str] = {}
        for char, reading in PINYIN.items():
            trad = self._s2t.convert(char)
            if trad != char and len(trad) == 1:
                self._pinyin_t[trad] = f"({reading})"
        self._cache: dict[str, Variants] = {}

    def variants(self, simplified: str) -> Variants:
        hit = self._cache.get(simplified)
        if hit is None:
            trad = self._s2t.convert(simplified)
            table = self._pinyin_t
            with_pinyin = "".join(c + table[c] if c in table else c for c in trad)
            # U+4E28 丨 (a title separator on many sites) has no Big5 code; ｜ has.
            taiwan = self._t2tw.convert(trad).replace("丨", "｜")
            hit = (simplified, trad, with_pinyin, taiwan)
            self._cache[simplified] = hit
        return hit

    def many(self, pieces: Sequence[str]) -> tuple[Variants, ...]:
        return tuple(self.variants(p) for p in pieces)


@dataclass(frozen=True, slots=True)
class _Tables:
    """All template pieces in their four variants (built once per process)."""

    cities: tuple[Variants, ...]
    districts: tuple[Variants, ...]
    streets: tuple[Variants, ...]
    communities: tuple[Variants, ...]
    community_slugs: tuple[str, ...]
    compounds: tuple[Variants, ...]
    surnames: tuple[Variants, ...]
    given_names: tuple[Variants, ...]
    astral_names: tuple[Variants, ...]
    astral_places: tuple[Variants, ...]
    brands: tuple[Variants, ...]
    apps: tuple[Variants, ...]
    tier_chains: tuple[tuple[Variants, Variants], ...]
    outlets: tuple[Variants, ...]
    titles: tuple[Variants, ...]
    subheadings: tuple[Variants, ...]
    leads: tuple[Variants, ...]
    common: tuple[_Paragraph, ...]
    problems: tuple[_Paragraph, ...]
    rare: tuple[_Paragraph, ...]
    editors: tuple[Variants, ...]
    sources: tuple[Variants, ...]
    copyrights: tuple[Variants, ...]
    shares: tuple[Variants, ...]
    related_headers: tuple[Variants, ...]
    related_titles: tuple[Variants, ...]
    mojibake: tuple[str, ...]
    labels: dict[str, Variants]


# A body paragraph: its variants and the figure slots it uses.
_Paragraph = tuple[Variants, tuple[str, ...]]

# Figure slots, drawn afresh for every paragraph (pre-rendered: str() per draw is too slow).
FIGURES: dict[str, tuple[str, ...]] = {
    "n_small": tuple(str(i) for i in range(3, 60)),
    "n_groups": tuple(str(i) for i in range(20, 300)),
    "n_members": tuple(str(i) for i in range(100, 3000)),
    "n_households": tuple(str(i) for i in range(200, 1500)),
    "n_events": tuple(str(i) for i in range(300, 5000)),
    "pct": tuple(str(i) for i in range(82, 100)),
}


def _paragraphs(conv: _Converter, pieces: Sequence[str]) -> tuple[_Paragraph, ...]:
    formatter = string.Formatter()
    result: list[_Paragraph] = []
    for piece in pieces:
        slots = {name for _, name, _, _ in formatter.parse(piece) if name in FIGURES}
        result.append((conv.variants(piece), tuple(sorted(slots))))
    return tuple(result)


def _mojibake(text: str) -> str:
    return text.encode("utf-8").decode("gbk", errors="replace")


@cache
def _tables() -> _Tables:
    conv = _Converter()
    # Related-article titles are rendered once with a fixed cast: the lists are noise, not content.
    related_rng = random.Random(20240601)
    related: list[str] = []
    for _ in range(120):
        community = related_rng.choice(COMMUNITIES)[0]
        related.append(
            related_rng.choice(TITLES).format(
                city=related_rng.choice(CITIES),
                district=related_rng.choice(DISTRICTS),
                street=related_rng.choice(STREETS),
                community=community,
                compound=related_rng.choice(COMPOUNDS),
                brand=related_rng.choice(BRANDS),
                app=related_rng.choice(APPS),
                tiers=related_rng.choice(TIER_CHAINS)[0],
            )
        )
    return _Tables(
        cities=conv.many(CITIES),
        districts=conv.many(DISTRICTS),
        streets=conv.many(STREETS),
        communities=conv.many([name for name, _ in COMMUNITIES]),
        community_slugs=tuple(slug for _, slug in COMMUNITIES),
        compounds=conv.many(COMPOUNDS),
        surnames=conv.many(SURNAMES),
        given_names=conv.many(GIVEN_NAMES),
        astral_names=conv.many(ASTRAL_NAMES),
        astral_places=conv.many(ASTRAL_PLACES),
        brands=conv.many(BRANDS),
        apps=conv.many(APPS),
        tier_chains=tuple((conv.variants(n), conv.variants(c)) for n, c in TIER_CHAINS),
        outlets=conv.many(OUTLETS),
        titles=conv.many(TITLES),
        subheadings=conv.many(SUBHEADINGS),
        leads=conv.many(LEADS),
        common=_paragraphs(conv, PARAGRAPHS_COMMON),
        problems=_paragraphs(conv, PARAGRAPHS_PROBLEMS),
        rare=_paragraphs(conv, PARAGRAPHS_RARE),
        editors=conv.many(FOOTER_EDITORS),
        sources=conv.many(FOOTER_SOURCES),
        copyrights=conv.many(COPYRIGHT_LINES),
        shares=conv.many(SHARE_LINES),
        related_headers=conv.many(RELATED_HEADERS),
        related_titles=conv.many(related),
        mojibake=tuple(_mojibake(s) for s in MOJIBAKE_SOURCES),
        labels={key: conv.variants(text) for key, text in LABELS.items()},
    )


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------

_START = date(2021, 1, 1)
_DAYS = (date(2025, 6, 30) - _START).days


def _image_name(rng: random.Random, day: date, screenshot: str) -> str:
    kind = rng.randrange(4)
    stamp = f"{day:%Y%m%d}"
    clock = f"{rng.randrange(7, 23):02d}{rng.randrange(60):02d}{rng.randrange(60):02d}"
    if kind == 0:
        return f"{screenshot}{stamp}{clock}.jpg"
    if kind == 1:
        return f"IMG_{stamp}_{clock}.jpg"
    if kind == 2:
        return f"mmexport{rng.randrange(1_600_000_000_000, 1_750_000_000_000)}.jpg"
    return f"{rng.getrandbits(64):016x}.png"


def _date_line(rng: random.Random, day: date, outlet: str, labels: dict[str, str]) -> str:
    hour, minute = rng.randrange(6, 23), rng.randrange(60)
    source = labels["source"]
    style = rng.randrange(4)
    if style == 0:
        stamp = f"{day.year}年{day.month:02d}月{day.day:02d}日{hour:02d}:{minute:02d}"
        return f"{stamp} | {source}{outlet}"
    if style == 1:
        return f"{labels['published']}{day:%Y-%m-%d} {hour:02d}:{minute:02d}  {source}{outlet}"
    if style == 2:
        return f"{day:%Y-%m-%d} {hour:02d}:{minute:02d}:{rng.randrange(60):02d}　{source}{outlet}"
    return f"{labels['date']}{day:%Y/%m/%d}　{source}{outlet}"


def _make_article(index: int, rng: random.Random, tb: _Tables) -> GeneratedArticle:
    traditional = rng.random() < TRADITIONAL_SHARE
    pinyin = traditional and rng.random() < PINYIN_SHARE_OF_TRADITIONAL
    want_big5 = traditional and not pinyin and rng.random() < BIG5_SHARE_OF_TRADITIONAL
    want_gb = not traditional and rng.random() < GB18030_SHARE_OF_SIMPLIFIED
    v = (TP if pinyin else TW if want_big5 else T) if traditional else S

    def pick(pool: tuple[Variants, ...]) -> str:
        return pool[rng.randrange(len(pool))][v]

    def person() -> str:
        return pick(tb.surnames) + pick(tb.given_names)

    community_index = rng.randrange(len(tb.communities))
    community = tb.communities[community_index][v]
    slug = tb.community_slugs[community_index]
    if rng.random() < ASTRAL_NAME_SHARE:
        # A rare name or place outside the BMP (Big5 cannot hold it: the article falls back
        # to UTF-8 below).
        if rng.random() < 0.5:
            resident = pick(tb.astral_names)
        else:
            resident = person()
            community = pick(tb.astral_places)
            slug = "rare"
    else:
        resident = person()
    tier_words, chain = tb.tier_chains[rng.randrange(len(tb.tier_chains))]
    day = _START + timedelta(days=rng.randrange(_DAYS + 1))
    outlet = pick(tb.outlets)
    cast = {
        "city": pick(tb.cities),
        "district": pick(tb.districts),
        "street": pick(tb.streets),
        "community": community,
        "compound": pick(tb.compounds),
        "brand": pick(tb.brands),
        "app": pick(tb.apps),
        "tiers": tier_words[v],
        "chain": chain[v],
        "resident": resident,
        "secretary": person(),
        "gridworker": person(),
        "volunteer": person(),
        "reporter": person(),
        "editor": person(),
        "outlet": outlet,
        "year": str(day.year - rng.randrange(2)),
    }
    labels = {key: text[v] for key, text in tb.labels.items()}

    head: list[str] = []
    # Spam lines and county lists are injected by the hosting site and stay Simplified in
    # Traditional pages; a Big5 page cannot carry Simplified text, so it has none.
    if rng.random() < SPAM_SHARE and not want_big5:
        head.append(SPAM_LINES[rng.randrange(len(SPAM_LINES))])
        head.append("")
    if rng.random() < 0.3:
        head.append(labels["breadcrumb"])
    head.append(pick(tb.titles).format_map(cast))
    head.append("")
    head.append(_date_line(rng, day, outlet, labels))
    if rng.random() < 0.5:
        byline = (
            f"{labels['reporter']} {cast['reporter']} {labels['correspondent']} {cast['volunteer']}"
        )
        head.append(byline)
    head.append("")

    tail: list[str] = [""]
    if rng.random() < 0.4:
        for _ in range(rng.randrange(1, 3)):
            tail.append(_image_name(rng, day, labels["screenshot"]))
    tail.append(pick(tb.editors).format_map(cast))
    if rng.random() < 0.6:
        tail.append(pick(tb.sources).format_map(cast))
    if rng.random() < 0.6:
        tail.append(pick(tb.copyrights))
    if rng.random() < 0.5:
        tail.append(pick(tb.related_headers))
        for _ in range(rng.randrange(3, 8)):
            tail.append(pick(tb.related_titles))
    for _ in range(rng.randrange(0, 3)):
        tail.append(pick(tb.shares))
    if rng.random() < 0.3:
        province = ICP_PROVINCES[rng.randrange(len(ICP_PROVINCES))]
        number = f"{rng.randrange(10_000_000, 99_999_999)}{labels['icp_end']}{rng.randrange(1, 5)}"
        tail.append(f"{labels['icp']}{province}{labels['icp_mid']}{number}")
    if rng.random() < 0.1 and not want_big5:
        # County lists are injected by link farms and stay Simplified too.
        counties = rng.sample(COUNTIES, rng.randrange(15, 40))
        for _ in range(rng.randrange(1, 3)):
            counties.insert(
                rng.randrange(len(counties)), COUNTY_SPAM[rng.randrange(len(COUNTY_SPAM))]
            )
        tail.append("| ".join(counties) + "|")

    # Lengths are counted as the file will hold them: CRLF newlines and a BOM count too.
    newline = "\r\n" if rng.random() < CRLF_SHARE else "\n"
    bom = rng.random() < BOM_SHARE
    step = len(newline)
    noise_len = sum(len(line) + step for line in head) + sum(len(line) + step for line in tail)
    target = rng.randrange(MIN_CHARS, MAX_CHARS + 1)
    body: list[str] = [pick(tb.leads).format_map(cast)]
    used = int(bom) + noise_len + len(body[0]) + step
    pool = list(tb.common)
    rng.shuffle(pool)
    if rng.random() < 0.35:
        pool[2:2] = rng.sample(tb.problems, rng.randrange(1, 3))
    if rng.random() < 0.15:
        pool.insert(rng.randrange(len(pool)), tb.rare[rng.randrange(len(tb.rare))])
    position = 0
    rand = rng.random
    while used < target:
        if position >= len(pool):
            # The template pool is used up before very long targets: start it over.
            position = 0
        if rng.random() < 0.15:
            paragraph = pick(tb.subheadings)
        else:
            variants, slots = pool[position]
            # Fresh figures for every paragraph: one "39" repeated as a count of grids,
            # meetings and buildings reads as generated.
            for slot in slots:
                values = FIGURES[slot]
                cast[slot] = values[int(rand() * len(values))]
            paragraph = variants[v].format_map(cast)
            position += 1
        if used + len(paragraph) + step > MAX_CHARS and used >= MIN_CHARS:
            break
        body.append(paragraph)
        used += len(paragraph) + step
    if rng.random() < MOJIBAKE_SHARE and len(body) > 2:
        fragment = tb.mojibake[rng.randrange(len(tb.mojibake))]
        middle = body[1]
        cut = rng.randrange(1, len(middle))
        body[1] = middle[:cut] + fragment + middle[cut + len(fragment) :]

    text = newline.join(head + body + tail) + newline
    limit = MAX_CHARS - int(bom)
    if len(text) > limit:
        # Only a very long noise block gets here: cut it, keeping the article's opening.
        text = text[: limit - step] + newline

    encoding: Encoding = "utf-8"
    if want_gb:
        encoding = "gb18030"
    elif want_big5:
        try:
            text.encode("big5")
            encoding = "big5"
        except UnicodeEncodeError:
            encoding = "utf-8"
    if encoding == "utf-8" and bom:
        text = "\ufeff" + text
    return GeneratedArticle(
        filename=f"{index:06d}_{slug}-shequ.txt",
        text=text,
        script="traditional" if traditional else "simplified",
        encoding=encoding,
    )


def generate_articles(n: int, seed: int = 0) -> Iterator[GeneratedArticle]:
    """Yield `n` articles; the same `n` and `seed` always give the same articles."""
    tables = _tables()
    rng = random.Random(seed)
    for index in range(n):
        yield _make_article(index, rng, tables)


def write_corpus(folder: Path, n: int, seed: int = 0) -> list[Path]:
    """Write `n` generated articles as .txt files in their encodings into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for article in generate_articles(n, seed):
        path = folder / article.filename
        # Bytes, not text mode: the text already carries its BOM and CRLF where it has them.
        path.write_bytes(article.text.encode(article.encoding))
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write a corpus and report how long generation and writing took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path, help="folder to write the .txt files into")
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    started = time.process_time()
    paths = write_corpus(args.out_dir, args.n, args.seed)
    elapsed = time.process_time() - started
    print(f"wrote {len(paths)} articles to {args.out_dir} in {elapsed:.1f} s CPU", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
