package org.keyproject.demo;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The vocabulary the generator composes its fictional city from. */
final class Names {

    private Names() {
    }

    static final String ROOT_NAME = "临江市";
    static final String ROOT_SHORT = "临江";
    static final String ROOT_CODE = "219900";

    static final String[] DISTRICT_BASES = {"东湖", "西岭", "南港", "北塔", "中山", "龙泉", "金城", "兴隆", "太和", "滨江", "长青", "望海", "白塔", "新港"};
    static final String[] COUNTY_BASES = {"北山", "清河", "长乐", "安平", "永丰", "青石", "白沙", "柳林", "黑松", "双河", "红旗", "松岭", "石门", "大洼"};
    static final String[] COUNTY_CITY_BASES = {"凌海", "凤鸣", "宁远", "溪城", "兴安", "盘石", "云泉", "海阳"};
    static final String[] ZONE_BASES = {"滨海", "松山", "临港", "金湾", "高铁", "新城", "红海", "东港"};
    static final String[] ZONE_SUFFIXES = {"经济技术开发区", "高新技术产业开发区", "开发区"};
    static final String[] TOWN_BASES = {"新城", "和平", "胜利", "红星", "东风", "向阳", "永安", "太平", "石桥", "高升",
            "杨家", "古城", "河口", "沙岭", "西湖", "北关", "南门", "兴华", "建设", "文化", "新兴", "荣兴", "田庄", "王家",
            "马场", "柳河", "三台", "双井", "大石", "小山", "平安", "清水", "青堆", "东升", "唐家", "赵圈", "前所", "后屯",
            "桃园", "梨树", "花园", "龙王", "金山", "银河", "玉皇", "福兴", "安康", "育才", "站前", "铁东", "铁西", "城南",
            "城北", "海滨", "渔港", "盐场", "林场", "新立", "太阳", "得胜", "高岭", "黄土", "白马", "乌龙", "红崖", "凤凰"};
    /** Name endings stripped to get a region's short name; the longest first. */
    static final List<String> REGION_SUFFIXES = List.of("高新技术产业开发区", "经济技术开发区", "开发区", "街道", "区", "县", "市", "镇", "乡");

    static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
            "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅",
            "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎"};
    static final String[] GIVEN_NAMES = {"建国", "振华", "海涛", "志强", "明", "立新", "晓东", "丽娟", "秀英", "伟", "芳", "敏", "静",
            "强", "磊", "军", "洋", "勇", "艳", "杰", "娜", "涛", "超", "明辉", "建华", "红梅", "国庆", "春生", "雪梅", "志刚",
            "宏伟", "玉兰", "德明", "文博", "思远", "佳怡", "浩然", "欣悦", "俊杰", "晨曦", "海燕", "凤霞", "永刚", "金龙",
            "桂芳", "卫东", "爱民", "新华", "树林", "长江", "红军", "立军", "淑华", "光明", "亚楠", "宇航", "鹏飞", "晓峰"};

    static final String[] BRAND_FIRST = {"宝", "华", "鑫", "恒", "泰", "瑞", "盛", "丰", "达", "宏", "金", "银", "天", "海", "中",
            "新", "正", "永", "嘉", "博", "润", "凯", "兴", "隆", "远", "通", "万", "德", "信", "安", "富", "康", "汇", "鼎",
            "昌", "源", "航", "科", "锦", "昊"};
    static final String[] BRAND_SECOND = {"来", "通", "达", "源", "丰", "泰", "华", "信", "祥", "润", "隆", "辉", "宇", "晟", "博",
            "利", "森", "成", "威", "力", "德", "邦", "创", "越", "峰", "川", "发", "腾", "诚", "凯"};
    static final String[] COMPANY_SUFFIXES = {"有限公司", "有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司", "有限责任公司"};

    /** Industries (行业) with the category they belong to, in display order. */
    static final String[] INDUSTRIAL = {"石化及精细化工", "新材料", "先进装备制造", "新能源", "电子信息", "生物医药", "现代物流", "文化旅游", "农产品精深加工"};
    static final String[] INFRASTRUCTURE = {"城市基础设施", "交通", "水利"};
    static final String[] SOCIAL = {"教育", "医疗卫生", "保障性住房"};
    /** Industrial industries whose projects are mostly manufacturing (工业). */
    static final Set<String> MANUFACTURING = Set.of("石化及精细化工", "新材料", "先进装备制造", "电子信息", "生物医药", "农产品精深加工");

    /** Words in an enterprise name telling its trade. */
    static final Map<String, String[]> TRADE_WORDS = Map.ofEntries(
            Map.entry("石化及精细化工", new String[] {"石化", "化工", "精细化工", "石油化工"}),
            Map.entry("新材料", new String[] {"新材料", "材料科技", "复合材料", "高分子材料"}),
            Map.entry("先进装备制造", new String[] {"重工", "装备制造", "机械", "智能装备"}),
            Map.entry("新能源", new String[] {"新能源", "能源科技", "风电", "光伏科技", "氢能科技"}),
            Map.entry("电子信息", new String[] {"电子", "微电子", "信息技术", "光电科技"}),
            Map.entry("生物医药", new String[] {"生物医药", "制药", "生物科技", "医疗器械"}),
            Map.entry("现代物流", new String[] {"物流", "供应链管理", "冷链物流", "国际物流"}),
            Map.entry("文化旅游", new String[] {"文化旅游", "旅游开发", "文旅发展"}),
            Map.entry("农产品精深加工", new String[] {"农业发展", "食品", "粮油", "海洋食品"}),
            Map.entry("城市基础设施", new String[] {"城市建设投资", "城建", "市政工程", "水务", "热力"}),
            Map.entry("交通", new String[] {"交通投资", "港口", "路桥建设", "交通建设"}),
            Map.entry("水利", new String[] {"水利建设", "水务投资", "水利水电"}),
            Map.entry("教育", new String[] {"教育投资", "教育发展"}),
            Map.entry("医疗卫生", new String[] {"医疗投资", "健康产业", "医院管理"}),
            Map.entry("保障性住房", new String[] {"城市更新", "安居", "住房建设", "置业"}));

    /** City departments (责任单位): full name and the short name people use. */
    static final String[][] CITY_DEPARTMENTS = {
            {"市发展和改革委员会", "市发改委"}, {"市工业和信息化局", "市工信局"}, {"市住房和城乡建设局", "市住建局"},
            {"市自然资源局", "市自然资源局"}, {"市生态环境局", "市生态环境局"}, {"市交通运输局", "市交通局"},
            {"市水利局", "市水利局"}, {"市商务局", "市商务局"}, {"市教育局", "市教育局"}, {"市卫生健康委员会", "市卫健委"},
            {"市农业农村局", "市农业农村局"}, {"市文化旅游和广播电视局", "市文旅局"}, {"市财政局", "市财政局"},
            {"市应急管理局", "市应急局"}, {"市营商环境建设局", "市营商局"}, {"市科学技术局", "市科技局"},
            {"市城市管理综合行政执法局", "市城管局"}, {"市市场监督管理局", "市市场监管局"},
            {"市人力资源和社会保障局", "市人社局"}, {"市人民政府国有资产监督管理委员会", "市国资委"}};
    /** Which city departments (by index above) typically answer for projects of an industry. */
    static final Map<String, int[]> DEPARTMENTS_FOR = Map.ofEntries(
            Map.entry("石化及精细化工", new int[] {1, 0, 4}), Map.entry("新材料", new int[] {1, 0, 15}),
            Map.entry("先进装备制造", new int[] {1, 0}), Map.entry("新能源", new int[] {0, 1}),
            Map.entry("电子信息", new int[] {1, 15}), Map.entry("生物医药", new int[] {1, 15, 17}),
            Map.entry("现代物流", new int[] {7, 5}), Map.entry("文化旅游", new int[] {11, 7}),
            Map.entry("农产品精深加工", new int[] {10, 1}), Map.entry("城市基础设施", new int[] {2, 16}),
            Map.entry("交通", new int[] {5}), Map.entry("水利", new int[] {6}), Map.entry("教育", new int[] {8}),
            Map.entry("医疗卫生", new int[] {9}), Map.entry("保障性住房", new int[] {2}));
    static final String[][] COUNTY_DEPARTMENTS = {
            {"发展和改革局", "发改局"}, {"住房和城乡建设局", "住建局"}, {"工业和信息化局", "工信局"}, {"交通运输局", "交通局"}};
    static final String[][] ZONE_DEPARTMENTS = {
            {"管委会经济发展局", "经发局"}, {"管委会规划建设局", "规建局"}, {"管委会招商局", "招商局"}, {"管委会财政局", "财政局"}};

    static final String[] ROADS = {"滨海大道", "中央大街", "解放路", "建设大街", "人民路", "迎宾路", "海港路", "工业大道", "兴业街",
            "北京路", "上海路", "友谊路", "光明街", "学府路", "科技大道", "创业路", "红旗街", "新华路", "长江路", "黄河路"};
    static final String[] RIVERS = {"临江", "东沙河", "西沙河", "白石河", "青龙河", "柳河", "凤鸣河", "清水河"};
    static final String[] PLACES = {"龙湾", "凤凰山", "白鹭洲", "古城", "海滨", "青龙山", "红海滩", "温泉", "月亮湖", "石佛寺"};

    static final String[] PETROCHEMICALS = {"乙烯裂解", "丙烯酸及酯", "聚丙烯", "环氧乙烷", "电子级硫酸", "聚碳酸酯", "特种蜡", "芳烃抽提", "润滑油基础油", "碳酸二甲酯"};
    static final String[] MATERIALS = {"高性能碳纤维", "锂电池隔膜", "聚酰亚胺薄膜", "高端铝合金型材", "可降解塑料", "高纯石英砂", "石墨烯导热膜", "特种陶瓷", "硅基负极材料", "镁质耐火材料"};
    static final String[] EQUIPMENT = {"风电齿轮箱", "工业机器人", "五轴数控机床", "海洋工程装备", "矿山机械", "新能源汽车零部件", "液压元件", "精密轴承", "轨道交通装备", "智能农机"};
    static final String[] ELECTRONICS = {"功率半导体", "柔性显示模组", "光纤预制棒", "5G通信模块", "智能传感器", "印制电路板"};
    static final String[] APIS = {"维生素", "抗生素", "多肽", "中药提取物"};
    static final String[] MEDICAL_GOODS = {"疫苗", "医用敷料", "体外诊断试剂", "一次性输液器"};
    static final String[] FARM_PRODUCE = {"大米", "玉米", "大豆", "海参", "河蟹", "果蔬", "肉牛", "生猪", "饲料"};
    static final String[] HOSPITAL_WINGS = {"门急诊楼", "住院楼", "医技综合楼", "新院区", "传染病区"};
    static final String[] SCHOOL_WINGS = {"实训楼", "图书馆", "学生公寓", "新校区"};
    static final String[] AUX_BUILDINGS = {"研发中心", "成品仓库", "综合办公楼", "原料库房", "检测中心"};
    static final String[] PROCEDURES = {"用地预审", "规划许可", "环评批复", "能评审查", "施工许可", "土地摘牌"};
    static final String[] WORK_ITEMS = {"主体结构施工", "设备采购安装", "厂房钢结构安装", "管网铺设", "路基施工", "装饰装修", "竣工验收"};

    static String regionShortName(String name) {
        for (String suffix : REGION_SUFFIXES) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
