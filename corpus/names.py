"""Names that word snapping keeps whole: people in the news of the mainland, Hong Kong, Taiwan.

jieba knows few names of Hong Kong and Taiwan figures and splits them at common words
(蔡/英文, 高拔/陞, 林/鄭月/娥); a coder who snaps a selection to words then gets half a name.
These names are added to the segmenter's dictionary (folded, so one entry serves both
scripts: 蔡英文 and 林鄭月娥 alike). Written here in the script their owners use; the list
is ours, from public office holders, and meant to grow with what users' corpora show.

It also holds the common Han family names and the places of datelines (both scripts), with
which corpus/metadata.py tells a reporter's name from a place or a tag next to it.
"""

from __future__ import annotations

# Taiwan: presidents, vice presidents, premiers, party leaders, mayors.
TAIWAN = [
    "蔡英文",
    "馬英九",
    "陳水扁",
    "李登輝",
    "賴清德",
    "蕭美琴",
    "陳建仁",
    "蘇貞昌",
    "游錫堃",
    "謝長廷",
    "呂秀蓮",
    "連戰",
    "宋楚瑜",
    "吳敦義",
    "朱立倫",
    "韓國瑜",
    "侯友宜",
    "柯文哲",
    "黃國昌",
    "盧秀燕",
    "蔣萬安",
    "陳其邁",
    "鄭文燦",
    "林佳龍",
    "卓榮泰",
    "江宜樺",
    "毛治國",
    "林全",
    "張善政",
    "陳冲",
    "吳揆",
    "王金平",
    "蘇嘉全",
    "洪秀柱",
    "黃珊珊",
    "高虹安",
    "陳時中",
    "顧立雄",
    "邱國正",
    "林飛帆",
    "黃偉哲",
    "鄭麗君",
    "吳釗燮",
    "林右昌",
    "徐國勇",
    "劉世芳",
    "傅崐萁",
    "翁曉玲",
]

# Hong Kong: chief executives, secretaries, police commissioners, legislators.
HONG_KONG = [
    "董建華",
    "曾蔭權",
    "梁振英",
    "林鄭月娥",
    "李家超",
    "陳茂波",
    "張建宗",
    "林定國",
    "鄧炳強",
    "蕭澤頤",
    "盧偉聰",
    "曾偉雄",
    "鄧竟成",
    "高拔陞",
    "陳國基",
    "謝展寰",
    "孫東",
    "楊潤雄",
    "聶德權",
    "卓永興",
    "麥美娟",
    "劉江華",
    "黃偉綸",
    "梁君彥",
    "曾鈺成",
    "范徐麗泰",
    "葉劉淑儀",
    "李慧琼",
    "黎智英",
    "何俊仁",
    "李柱銘",
    "黃之鋒",
    "周庭",
    "羅冠聰",
    "戴耀廷",
    "陳日君",
    "何鴻燊",
    "李嘉誠",
    "李兆基",
    "鄭家純",
    "郭鶴年",
    "霍英東",
    "曾俊華",
    "唐英年",
    "陳方安生",
    "梁愛詩",
    "袁國強",
    "鄭若驊",
    "黃仁龍",
    "湯家驊",
    "梁家傑",
    "毛孟靜",
    "朱凱廸",
    "許智峯",
    "楊岳橋",
]

# The mainland: leaders whose names jieba splits.
MAINLAND = [
    "习近平",
    "李强",
    "赵乐际",
    "王沪宁",
    "蔡奇",
    "丁薛祥",
    "李希",
    "李克强",
    "温家宝",
    "胡锦涛",
    "江泽民",
    "朱镕基",
    "汪洋",
    "韩正",
    "栗战书",
    "王岐山",
    "张高丽",
    "俞正声",
    "刘云山",
    "张德江",
    "王毅",
    "秦刚",
    "何立峰",
    "刘鹤",
    "夏宝龙",
    "骆惠宁",
    "郑雁雄",
    "董军",
    "魏凤和",
    "李尚福",
]

NAMES: tuple[str, ...] = (*TAIWAN, *HONG_KONG, *MAINLAND)

# --------------------------------------------------------------------------------------------
# Family names and place names, for telling a reporter's name from the words around it
# --------------------------------------------------------------------------------------------

# Common Han family names in both scripts (the mainland's and Taiwan's most frequent, which
# cover nearly all reporters): a word of the page that does not open with one of them is not
# read as a Chinese name where nothing else says it is one (a tag list 社會焦點, a button 字級).
_SURNAMES_SIMPLIFIED = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
    "洪孫張劉陳楊黃趙吳鄭謝許韓馮鄧蕭葉蘇呂盧陸賈鄒閆龍賀顧龔萬錢嚴莊聶歐關蘭鍾譚潘紀畢單塗駱藍"
    "鮑饒繆簡車項蘆麥婁竇岑黨費衛應臧閔鄔邊師欒隋鞏郁儲鄢勞諶蔺樓滿聞厲區闞權帥練廉鄧卜傅"
    "溫龐湯齊喬顏韋賴蔣寧陽時農連宮榮叢閻蓋鄺計雲馬吳張孫趙楊黃劉陳鍾"
)
# Two-character family names, in both scripts.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫", "尉迟",
        "尉遲", "公孙", "公孫", "慕容", "长孙", "長孫", "宇文", "司徒", "夏侯", "轩辕", "軒轅",
        "令狐", "端木", "西门", "西門", "南宫", "南宮", "独孤", "獨孤", "澹台", "澹臺", "申屠",
        "钟离", "鍾離", "范姜", "张简", "張簡", "呼延",
    }
)  # fmt: skip
SURNAMES = frozenset(_SURNAMES_SIMPLIFIED)

# Places that stand next to a reporter's name in datelines and bylines (（中央社記者某某台南4日電）,
# 某某／華盛頓4日電, 地區：台北市): Taiwan's cities and counties, Hong Kong, Macao, the mainland's
# provinces and large cities, and the foreign capitals datelines name most, in both scripts.
PLACES = frozenset(
    {
        # Taiwan
        "台北", "臺北", "新北", "桃園", "台中", "臺中", "台南", "臺南", "高雄", "基隆", "新竹",
        "嘉義", "苗栗", "彰化", "南投", "雲林", "屏東", "宜蘭", "花蓮", "台東", "臺東", "澎湖",
        "金門", "馬祖", "連江", "竹北", "南市", "北市", "中市", "高市", "桃市", "板橋", "鳳山",
        "台灣", "臺灣", "桃園機場",
        # Hong Kong, Macao
        "香港", "澳門", "澳门", "九龍", "九龙", "新界", "沙田", "荃灣", "荃湾", "元朗", "屯門",
        "屯门", "觀塘", "观塘", "灣仔", "湾仔", "中環", "中环", "旺角", "深水埗", "大埔", "將軍澳",
        # The mainland
        "北京", "上海", "天津", "重庆", "重慶", "广州", "廣州", "深圳", "杭州", "南京", "武汉",
        "武漢", "成都", "西安", "长沙", "長沙", "郑州", "鄭州", "济南", "濟南", "沈阳", "瀋陽",
        "哈尔滨", "哈爾濱", "长春", "長春", "石家庄", "石家莊", "太原", "呼和浩特", "合肥", "福州",
        "厦门", "廈門", "南昌", "南宁", "南寧", "海口", "昆明", "贵阳", "貴陽", "拉萨", "拉薩",
        "兰州", "蘭州", "西宁", "西寧", "银川", "銀川", "乌鲁木齐", "烏魯木齊", "青岛", "青島",
        "大连", "大連", "宁波", "寧波", "苏州", "蘇州", "无锡", "無錫", "珠海", "汕头", "汕頭",
        "河北", "山西", "辽宁", "遼寧", "吉林", "黑龙江", "黑龍江", "江苏", "江蘇", "浙江", "安徽",
        "福建", "江西", "山东", "山東", "河南", "湖北", "湖南", "广东", "廣東", "海南", "四川",
        "贵州", "貴州", "云南", "雲南", "陕西", "陝西", "甘肃", "甘肅", "青海", "内蒙古", "內蒙古",
        "广西", "廣西", "西藏", "宁夏", "寧夏", "新疆", "雄安",
        # Foreign capitals and cities of datelines
        "华盛顿", "華盛頓", "纽约", "紐約", "洛杉矶", "洛杉磯", "旧金山", "舊金山", "东京", "東京",
        "首尔", "首爾", "伦敦", "倫敦", "巴黎", "柏林", "莫斯科", "新加坡", "曼谷",
        "河内", "河內", "雅加达", "雅加達", "马尼拉", "馬尼拉", "吉隆坡", "新德里", "悉尼", "雪梨",
        "布鲁塞尔", "布魯塞爾", "日内瓦", "日內瓦", "联合国", "聯合國", "耶路撒冷", "开罗", "開羅",
        "渥太华", "渥太華", "大阪", "罗马", "羅馬", "维也纳", "維也納", "多伦多", "多倫多",
    }
)  # fmt: skip


def reads_as_han_name(word: str) -> bool:
    """Whether `word` has the shape of a Han person's name: 2-4 characters after a family name.

    A transliterated foreign name (米歇尔·布兰) holds a middle dot and is read by its own rule.
    """
    if not 2 <= len(word) <= 4:
        return False
    if word[:2] in COMPOUND_SURNAMES:
        return len(word) >= 3
    return word[0] in SURNAMES
