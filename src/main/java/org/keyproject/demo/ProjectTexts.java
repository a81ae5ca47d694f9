package org.keyproject.demo;

import static org.keyproject.demo.Names.*;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Composes the words of a project: its name, construction content and scale, promotion plan. */
final class ProjectTexts {

    private static final int[] CAPACITIES = {1, 2, 3, 5, 8, 10, 12, 15, 20, 30, 50, 60, 80, 100, 150, 200};

    private final Dice dice;
    private final String cityShort;

    ProjectTexts(Dice dice, String cityShort) {
        this.dice = dice;
        this.cityShort = cityShort;
    }

    /** A capacity figure that grows with the investment, so that big projects produce more. */
    private int capacity(double totalWan) {
        int i = (int) (Math.log10(totalWan / 500) * 3.5) + dice.between(-1, 1);
        return CAPACITIES[Math.max(0, Math.min(CAPACITIES.length - 1, i))];
    }

    String name(String industry, double totalWan, String brand, String countyShort, String countyName, String townShort) {
        int n = capacity(totalWan);
        String name = switch (industry) {
            case "石化及精细化工" -> switch (dice.below(3)) {
                case 0 -> "年产" + n + "万吨" + dice.pick(PETROCHEMICALS) + "项目";
                case 1 -> n + "万吨/年" + dice.pick(PETROCHEMICALS) + "装置项目";
                default -> dice.pick(PETROCHEMICALS) + "装置技术改造项目";
            };
            case "新材料" -> dice.chance(0.7)
                    ? "年产" + n + "万吨" + dice.pick(MATERIALS) + "项目"
                    : dice.pick(MATERIALS) + "产业化基地项目";
            case "先进装备制造" -> switch (dice.below(3)) {
                case 0 -> "年产" + n * 100 + "台（套）" + dice.pick(EQUIPMENT) + "项目";
                case 1 -> dice.pick(EQUIPMENT) + "智能制造基地项目";
                default -> dice.pick(EQUIPMENT) + "生产线技术改造项目";
            };
            case "新能源" -> switch (variant(2, 3, totalWan)) {
                case 0 -> n * 10 + "兆瓦/" + n * 20 + "兆瓦时储能电站项目";
                case 1 -> countyShort + n * 2 + "兆瓦分布式光伏项目";
                case 2 -> countyShort + n * 5 + "万千瓦风电项目";
                case 3 -> "年产" + n + "GWh动力电池项目";
                default -> countyShort + "氢能产业园项目";
            };
            case "电子信息" -> switch (variant(1, 2, totalWan)) {
                case 0 -> "年产" + n * 10 + "万片" + dice.pick(ELECTRONICS) + "项目";
                case 1 -> countyShort + "大数据中心项目";
                default -> dice.pick(ELECTRONICS) + "产业园项目";
            };
            case "生物医药" -> switch (dice.below(3)) {
                case 0 -> "年产" + n * 10 + "吨" + dice.pick(APIS) + "原料药项目";
                case 1 -> "年产" + n * 100 + "万支" + dice.pick(MEDICAL_GOODS) + "项目";
                default -> countyShort + "生物医药产业园项目";
            };
            case "现代物流" -> switch (variant(2, 2, totalWan)) {
                case 0 -> countyShort + "冷链物流园项目";
                case 1 -> countyShort + "电商物流产业园项目";
                case 2 -> cityShort + "港区" + dice.pick(new String[] {"粮食", "汽车", "大宗商品", "集装箱"}) + "物流中心项目";
                default -> countyShort + "公铁联运物流基地项目";
            };
            case "文化旅游" -> switch (variant(2, 2, totalWan)) {
                case 0 -> dice.pick(PLACES) + "景区提升改造工程";
                case 1 -> townShort + "乡村旅游示范村项目";
                case 2 -> dice.pick(PLACES) + "文化旅游综合体项目";
                default -> countyShort + "温泉康养度假区项目";
            };
            case "农产品精深加工" -> {
                String produce = dice.pick(FARM_PRODUCE);
                yield switch (dice.below(3)) {
                    case 0 -> "年产" + n + "万吨" + produce + "精深加工项目";
                    case 1 -> produce + "屠宰及深加工项目";
                    default -> countyShort + produce + "产业园项目";
                };
            }
            case "城市基础设施" -> switch (variant(4, 3, totalWan)) {
                case 0 -> countyName + "老旧小区改造工程";
                case 1 -> dice.pick(ROADS) + "改造工程";
                case 2 -> countyName + "集中供热管网改造工程";
                case 3 -> countyName + "城市燃气管网更新改造工程";
                case 4 -> countyName + "污水处理厂扩建工程";
                case 5 -> countyName + "海绵城市建设项目";
                default -> countyName + "生活垃圾焚烧发电项目";
            };
            case "交通" -> switch (variant(2, 3, totalWan)) {
                case 0 -> countyShort + "至" + townShort + "公路改扩建工程";
                case 1 -> countyName + "农村公路提档升级工程";
                case 2 -> cityShort + "港区" + n + "万吨级通用泊位工程";
                case 3 -> countyName + "综合客运枢纽工程";
                default -> dice.pick(RIVERS) + "大桥工程";
            };
            case "水利" -> switch (variant(3, 1, totalWan)) {
                case 0 -> countyName + dice.pick(new String[] {"白石", "青龙", "红旗", "胜利", "东风"}) + "水库除险加固工程";
                case 1 -> countyName + "农村供水保障工程";
                case 2 -> countyName + "灌区续建配套与节水改造工程";
                default -> dice.pick(RIVERS) + countyShort + "段防洪治理工程";
            };
            case "教育" -> switch (variant(2, 2, totalWan)) {
                case 0 -> countyName + "公办幼儿园建设项目";
                case 1 -> countyName + townShort + "九年一贯制学校建设项目";
                case 2 -> countyName + "第" + dice.between(2, 30) + "中学新建工程";
                default -> cityShort + "职业技术学院" + dice.pick(SCHOOL_WINGS) + "建设项目";
            };
            case "医疗卫生" -> switch (variant(2, 2, totalWan)) {
                case 0 -> countyName + townShort + "卫生院改扩建项目";
                case 1 -> countyName + "中医院综合楼建设项目";
                case 2 -> cityShort + "市中心医院" + dice.pick(HOSPITAL_WINGS) + "建设项目";
                default -> countyName + "人民医院新院区项目";
            };
            default -> switch (dice.below(3)) {
                case 0 -> countyName + townShort + "保障性租赁住房项目";
                case 1 -> countyName + townShort + "棚户区改造项目";
                default -> countyName + "城中村改造项目";
            };
        };
        if (brand != null && !name.startsWith(countyShort) && !name.startsWith(cityShort)) {
            name = brand + name;
        }
        if (dice.chance(0.08)) {
            name = name + (dice.chance(0.6) ? "（一期）" : "（二期）");
        }
        return name;
    }

    /**
     * Which of a template list to use: the first {@code small} suit any size, the next {@code big}
     * only 1亿 and more (a new hospital campus is not a 600万 project).
     */
    private int variant(int small, int big, double totalWan) {
        return dice.below(totalWan >= 10000 ? small + big : small);
    }

    /** What a package (打包项目) bundles, and what each of its sub-projects is called. */
    String packageSubject(String industry) {
        return switch (industry) {
            case "城市基础设施" -> dice.pick(new String[] {"老旧小区改造", "背街小巷改造", "供热管网改造"});
            case "保障性住房" -> dice.pick(new String[] {"城中村改造", "棚户区改造"});
            case "水利" -> dice.pick(new String[] {"农村供水保障", "中小河流治理"});
            default -> "中小学校舍改造";
        };
    }

    /** Construction content and scale (建设内容及规模), fitting the kind of works the name says. */
    String contentScale(String industry, String name, double totalWan) {
        String area = BigDecimal.valueOf(Math.max(0.3, totalWan / dice.uniform(2500, 6000))).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
        int n = capacity(totalWan);
        return switch (industry) {
            case "石化及精细化工", "新材料", "先进装备制造", "电子信息", "生物医药", "农产品精深加工" ->
                    "总建筑面积" + area + "万平方米，新建生产车间" + dice.between(1, 8) + "栋、" + dice.pick(AUX_BUILDINGS)
                            + "及配套设施，购置生产设备" + dice.between(20, 400) + "台（套）";
            case "新能源" -> "建设风机（光伏组件）及升压站、储能设施，配套集电线路" + dice.between(5, 60) + "公里";
            case "现代物流" -> "占地" + dice.between(50, 800) + "亩，新建仓储及分拣中心" + area + "万平方米，配套信息平台";
            case "文化旅游" -> "总建筑面积" + area + "万平方米，建设游客服务中心、文化展示区、停车场及配套设施";
            case "城市基础设施" -> {
                if (name.contains("老旧小区")) {
                    // renovation costs some 200–500元 a square metre, a home has some 75 of them
                    double wanSquareMetres = Math.max(1, totalWan / dice.uniform(200, 500));
                    int homes = (int) (wanSquareMetres * 10000 / 75);
                    yield "改造老旧小区" + Math.max(1, homes / 300) + "个，涉及住户" + homes + "户，建筑面积"
                            + BigDecimal.valueOf(wanSquareMetres).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString() + "万平方米";
                } else if (name.contains("管网")) {
                    yield "更新改造管网" + dice.between(5, 120) + "公里，新建改造换热站（调压站）" + dice.between(2, 20) + "座";
                } else if (name.contains("污水")) {
                    yield "新增污水处理能力" + dice.between(1, 10) + "万吨/日，配套管网" + dice.between(3, 40) + "公里";
                } else if (name.contains("垃圾")) {
                    yield "日处理生活垃圾" + dice.between(3, 15) * 100 + "吨，配套余热发电机组及烟气净化系统";
                } else if (name.contains("海绵")) {
                    yield "实施海绵化改造面积" + dice.between(2, 30) + "平方公里，改造排水管网" + dice.between(5, 60) + "公里";
                }
                yield "新建改造道路" + dice.between(2, 30) + "公里，配套雨污水管网、照明及绿化工程";
            }
            case "交通" -> {
                if (name.contains("泊位")) {
                    yield "新建泊位" + dice.between(1, 4) + "个，码头岸线长" + dice.between(200, 1200) + "米，配套堆场及道路";
                } else if (name.contains("枢纽")) {
                    yield "总建筑面积" + area + "万平方米，建设站房、公交换乘及停车设施";
                } else if (name.contains("大桥")) {
                    yield "桥梁全长" + dice.between(400, 3000) + "米，双向" + dice.pick(new String[] {"四", "六"}) + "车道，配套引道工程";
                }
                yield "路线全长" + dice.between(5, 80) + "公里，按" + dice.pick(new String[] {"一级", "二级"}) + "公路标准建设，配套桥涵" + dice.between(3, 40) + "座";
            }
            case "水利" -> "治理河道" + dice.between(5, 60) + "公里，新建加固堤防" + dice.between(3, 40) + "公里及护岸、穿堤建筑物";
            case "教育" -> "总建筑面积" + area + "万平方米，新建教学楼、实验楼、风雨操场及配套设施，设" + n * 6 + "个班";
            case "医疗卫生" -> "总建筑面积" + area + "万平方米，设置床位" + n * 50 + "张，新建门急诊楼、住院楼及配套设施";
            default -> "新建住房" + dice.between(200, 5000) + "套，总建筑面积" + area + "万平方米，配套社区服务设施";
        };
    }

    String promotionPlan(int year, LocalDate plannedStart, LocalDate plannedCompletion, LocalDate actualStart, LocalDate actualCompletion) {
        if (actualCompletion != null) {
            return "已于" + month(actualCompletion) + "竣工，" + year + "年重点做好" + dice.pick(new String[] {"竣工验收", "达产达效", "运营管理"}) + "。";
        }
        if (actualStart != null) {
            return year + "年重点推进" + two(WORK_ITEMS) + "，计划"
                    + (plannedCompletion == null ? "按期" : month(plannedCompletion)) + "竣工投用。";
        }
        if (plannedStart == null) {
            return "开展前期谋划，推进" + dice.pick(PROCEDURES) + "。";
        }
        return month(plannedStart.minusMonths(2)) + "前完成" + two(PROCEDURES) + "，"
                + month(plannedStart) + "开工建设"
                + (plannedCompletion == null ? "。" : "，" + month(plannedCompletion) + "竣工投产。");
    }

    /** Two different items, joined as a list is in Chinese. */
    private String two(String[] items) {
        int a = dice.below(items.length);
        int b = (a + 1 + dice.below(items.length - 1)) % items.length;
        return items[a] + "、" + items[b];
    }

    private static String month(LocalDate d) {
        return d.getYear() + "年" + d.getMonthValue() + "月";
    }
}
