//! Measures the search index on 10,000 generated articles: build time, size, query latency.
//!
//! `cargo run --release -p jinguo-search --example bench_search`

#![expect(clippy::unwrap_used, reason = "a benchmark, not a service")]

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use jinguo_search::{ArticleDoc, SearchIndex, SearchQuery};

const ARTICLES: usize = 10_000;
const QUERIES: usize = 1_000;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }
}

const PROVINCES: [(&str, &str); 31] = [
    ("11", "北京"),
    ("12", "天津"),
    ("13", "河北"),
    ("14", "山西"),
    ("15", "内蒙古"),
    ("21", "辽宁"),
    ("22", "吉林"),
    ("23", "黑龙江"),
    ("31", "上海"),
    ("32", "江苏"),
    ("33", "浙江"),
    ("34", "安徽"),
    ("35", "福建"),
    ("36", "江西"),
    ("37", "山东"),
    ("41", "河南"),
    ("42", "湖北"),
    ("43", "湖南"),
    ("44", "广东"),
    ("45", "广西"),
    ("46", "海南"),
    ("50", "重庆"),
    ("51", "四川"),
    ("52", "贵州"),
    ("53", "云南"),
    ("54", "西藏"),
    ("61", "陕西"),
    ("62", "甘肃"),
    ("63", "青海"),
    ("64", "宁夏"),
    ("65", "新疆"),
];
const THEMES: [(&str, &str); 6] = [
    ("shouhu", "守护生命健康"),
    ("xiangcun", "乡村振兴"),
    ("keji", "科技创新"),
    ("wenming", "文明实践"),
    ("fuwu", "便民服务"),
    ("lvse", "绿色发展"),
];
const CITIES: [&str; 12] = [
    "渝中区",
    "江北区",
    "万州区",
    "成都市",
    "杭州市",
    "南京市",
    "武汉市",
    "长沙市",
    "西安市",
    "昆明市",
    "贵阳市",
    "兰州市",
];
const UNIT_KINDS: [&str; 10] = [
    "人民医院",
    "妇幼保健院",
    "实验小学",
    "税务局办税服务厅",
    "农商银行营业部",
    "供电公司客户服务中心",
    "公安局户政窗口",
    "社区卫生服务中心",
    "政务服务中心",
    "邮政分公司",
];
const POSTS: [&str; 10] = [
    "急诊科护理组",
    "产科护理组",
    "综合受理窗口",
    "客户服务班",
    "户籍室",
    "一年级语文组",
    "信贷部",
    "带电作业班",
    "便民服务站",
    "新生儿监护室",
];
const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙",
];
const GIVEN: [&str; 12] = [
    "芳", "丽", "敏", "静", "秀英", "桂兰", "玉梅", "海燕", "晓红", "雪梅", "婷婷", "春花",
];

const TITLES: [&str; 10] = [
    "{unit}{post}：巾帼建功{theme}",
    "{name}和她的姐妹们：{theme}路上的巾帼文明岗",
    "扎根一线二十年，{post}守护万家灯火",
    "{place}巾帼文明岗助力{theme}",
    "用心用情服务群众——记{unit}{post}",
    "{post}的{n}个日夜",
    "小岗位大担当：{unit}的巾帼力量",
    "{theme}一线的“她力量”",
    "从“新手”到“能手”：{name}的成长之路",
    "{place}：{post}打造服务品牌",
];

const SENTENCES: [&str; 36] = [
    "{unit}{post}现有女职工{n}名，平均年龄三十二岁，是一支年轻而富有朝气的队伍。",
    "多年来，她们始终坚持“以人民为中心”的服务理念，把群众的小事当作自己的大事。",
    "每天清晨七点，{name}总是第一个来到岗位，检查设备、整理资料，为一天的工作做好准备。",
    "面对突如其来的汛情，{post}的姐妹们主动请缨，连续奋战{n}个小时，确保群众生命财产安全。",
    "她们创新推出“延时服务”“预约服务”“上门服务”等举措，累计服务群众{n}余人次。",
    "在{theme}工作中，她们深入田间地头，帮助农户发展特色产业，带动{n}户家庭增收致富。",
    "急诊科护士们常说：“时间就是生命，我们多快一秒，病人就多一分希望。”",
    "为了让留守儿童感受到温暖，{name}组织开展“爱心妈妈”结对活动，陪伴孩子们健康成长。",
    "她们积极推进数字化转型，利用大数据和人工智能技术提升服务效率，群众办事时间缩短了一半。",
    "近年来，{unit}先后获得全国巾帼文明岗、全国三八红旗集体等荣誉称号。",
    "在新冠肺炎疫情防控期间，她们坚守一线，筑起了守护群众健康的坚固防线。",
    "“只要群众需要，我们随时都在。”这是{post}每一位成员的共同心声。",
    "她们坚持党建引领，成立党员先锋岗，充分发挥党员的先锋模范作用。",
    "通过直播带货，{name}帮助当地农民销售茶叶、腊肉和土鸡蛋，销售额突破{n}万元。",
    "在垃圾分类和生态环境保护工作中，她们走进社区、走进学校，宣传绿色低碳的生活方式。",
    "{place}妇联相关负责人表示，巾帼文明岗是新时代妇女建功立业的重要平台。",
    "为了提升业务能力，她们定期开展岗位练兵和技能竞赛，人人争当业务能手。",
    "在产房里，她们迎接了{n}个新生命的到来，被产妇们亲切地称为“天使妈妈”。",
    "面对老年人使用智能手机的困难，她们开设“银发课堂”，手把手教老人线上缴费和挂号。",
    "她们把“最多跑一次”改革落到实处，推行一窗受理、集成服务，让群众少跑腿、好办事。",
    "夜深了，新生儿监护室里依然灯火通明，值班护士正在细心地给早产宝宝喂奶。",
    "在乡村振兴的大舞台上，她们用知识和汗水浇灌出一片片希望的田野。",
    "她们组建志愿服务队，常年开展义诊、法律咨询和心理疏导等志愿服务活动。",
    "“我们要做群众身边的贴心人。”{name}这样说，也一直这样做。",
    "针对企业融资难问题，信贷部的姐妹们主动上门，为小微企业量身定制金融产品。",
    "在带电作业现场，她们不惧高温严寒，保障了{place}{n}万户居民的正常用电。",
    "她们把课堂搬到田间地头，让孩子们在劳动中学习，在实践中成长。",
    "她们还注重培养年轻骨干，实行“师带徒”制度，先后培养出{n}名业务骨干。",
    "{year}年，{unit}{post}被授予全国巾帼文明岗称号，这是对她们工作的最好肯定。",
    "户籍室的民警们耐心细致地为每一位办事群众答疑解惑，群众满意率达到百分之九十九。",
    "她们积极参与科技创新，多项工作成果获得省级奖励，并申请了{n}项实用新型专利。",
    "在抗击洪水的日子里，她们转移安置受灾群众{n}人，发放救灾物资数千件。",
    "她们用实际行动诠释了新时代女性的责任与担当，展现了巾帼不让须眉的风采。",
    "工作之余，她们还积极参加文明实践活动，弘扬社会主义核心价值观。",
    "展望未来，{post}将继续发挥示范引领作用，为{place}高质量发展贡献巾帼力量。",
    "一张张笑脸、一声声感谢，是对她们默默付出的最好回报。",
];

const QUERY_WORDS: [&str; 48] = [
    "护理",
    "乡村振兴",
    "巾帼",
    "文明岗",
    "服务",
    "群众",
    "医院",
    "急诊",
    "志愿",
    "创新",
    "科技",
    "窗口",
    "社区",
    "老人",
    "孩子",
    "党建",
    "疫情",
    "农民",
    "直播",
    "税务",
    "银行",
    "教师",
    "课堂",
    "防汛",
    "洪水",
    "垃圾分类",
    "绿色",
    "生态",
    "产业",
    "茶叶",
    "留守儿童",
    "重庆",
    "渝中区",
    "新生儿",
    "产房",
    "户籍",
    "民警",
    "小微企业",
    "专利",
    "人工智能",
    "大数据",
    "银发",
    "师带徒",
    "天使妈妈",
    "带电作业",
    "航天",
    "量子",
    "冰雪运动",
];

fn fill(template: &str, rng: &mut Rng, ctx: &Context) -> String {
    template
        .replace("{unit}", &ctx.unit)
        .replace("{post}", ctx.post)
        .replace("{name}", &ctx.name)
        .replace("{theme}", ctx.theme_words)
        .replace("{place}", ctx.place)
        .replace("{year}", &(2015 + rng.below(10)).to_string())
        .replace("{n}", &(3 + rng.below(2000)).to_string())
}

struct Context {
    unit: String,
    post: &'static str,
    name: String,
    theme_words: &'static str,
    place: &'static str,
}

fn generate(id: usize, rng: &mut Rng) -> ArticleDoc {
    let (province_code, province) = *rng.pick(&PROVINCES);
    let city = *rng.pick(&CITIES);
    let (theme, theme_words) = *rng.pick(&THEMES);
    let ctx = Context {
        unit: format!("{city}{}", rng.pick(&UNIT_KINDS)),
        post: rng.word(&POSTS),
        name: format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN)),
        theme_words,
        place: province,
    };
    let target_chars = 800 + rng.below(700);
    let mut body = String::new();
    let mut chars = 0;
    let mut in_paragraph = 0;
    while chars < target_chars {
        let sentence = fill(rng.word(&SENTENCES), rng, &ctx);
        chars += sentence.chars().count();
        body.push_str(&sentence);
        in_paragraph += 1;
        if in_paragraph >= 3 + rng.below(3) {
            body.push('\n');
            in_paragraph = 0;
        }
    }
    let mut themes = vec![theme.to_owned()];
    if rng.below(3) == 0 {
        themes.push(rng.pick(&THEMES).0.to_owned());
        themes.dedup();
    }
    let days = i64::try_from(rng.below(3 * 365)).unwrap();
    ArticleDoc {
        id: i64::try_from(id).unwrap(),
        title: fill(rng.word(&TITLES), rng, &ctx),
        body: body.trim_end().to_owned(),
        post_name: ctx.post.to_owned(),
        work_unit: ctx.unit.clone(),
        places: String::new(),
        province_code: province_code.to_owned(),
        themes,
        campaign: "2025".to_owned(),
        published_on: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
            + chrono::Days::new(days.unsigned_abs()),
        stamp: 0,
    }
}

fn dir_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(std::fs::Metadata::is_file)
        .map(|m| m.len())
        .sum()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn render(fragments: &[jinguo_search::Fragment]) -> String {
    fragments
        .iter()
        .map(|f| {
            if f.highlighted {
                format!("[{}]", f.text)
            } else {
                f.text.replace('\n', " ")
            }
        })
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let docs: Vec<ArticleDoc> = (1..=ARTICLES).map(|id| generate(id, &mut rng)).collect();
    let total_chars: usize = docs.iter().map(|d| d.body.chars().count()).sum();
    println!(
        "generated {} articles, {:.0} characters of body each on average",
        docs.len(),
        total_chars as f64 / docs.len() as f64
    );

    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_in_dir(dir.path()).unwrap();
    let started = Instant::now();
    let count = index.rebuild(docs, 1).unwrap();
    let build = started.elapsed();
    println!(
        "rebuild: {count} articles in {:.1} s; index size {:.1} MB",
        build.as_secs_f64(),
        dir_size(dir.path()) as f64 / 1_000_000.0
    );

    let mut queries = Vec::with_capacity(QUERIES);
    for _ in 0..QUERIES {
        let words = 1 + rng.below(3);
        let text = if rng.below(20) == 0 {
            String::new()
        } else {
            (0..words)
                .map(|_| *rng.pick(&QUERY_WORDS))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let theme = (rng.below(10) < 3).then(|| rng.pick(&THEMES).0.to_owned());
        let province_code = (rng.below(10) < 2).then(|| rng.pick(&PROVINCES).0.to_owned());
        let offset = if rng.below(10) == 0 { 20 } else { 0 };
        queries.push(SearchQuery {
            text,
            theme,
            province_code,
            offset,
            limit: 20,
        });
    }

    for query in queries.iter().take(50) {
        index.search(query).unwrap();
    }
    let mut latencies = Vec::with_capacity(QUERIES);
    let mut matched = 0usize;
    for query in &queries {
        let started = Instant::now();
        let page = index.search(query).unwrap();
        latencies.push(started.elapsed());
        matched += page.total;
    }
    latencies.sort_unstable();
    println!(
        "{QUERIES} queries (1-3 words, ~30% theme / ~20% province filters, 20 hits with snippets): \
         median {:.2} ms, p99 {:.2} ms, max {:.2} ms; {:.0} matches per query on average",
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies[latencies.len() - 1]),
        matched as f64 / QUERIES as f64
    );

    let sample = index
        .search(&SearchQuery {
            text: "乡村振兴 直播".to_owned(),
            limit: 3,
            ..SearchQuery::default()
        })
        .unwrap();
    println!(
        "sample: 「乡村振兴 直播」 {} matches; top 3 ([] = highlighted):",
        sample.total
    );
    for hit in &sample.hits {
        println!(
            "  #{} {} score {:.2}\n    {}\n    {}",
            hit.id,
            hit.published_on,
            hit.score,
            render(&hit.title),
            render(&hit.snippet)
        );
    }

    let mut commits = Vec::new();
    for seq in 2..22 {
        let doc = generate(ARTICLES + 1, &mut rng);
        let started = Instant::now();
        index.apply(&[doc], &[], seq).unwrap();
        commits.push(started.elapsed());
    }
    commits.sort_unstable();
    println!(
        "apply (one upsert + commit + reload), 20 times: median {:.1} ms, max {:.1} ms",
        ms(percentile(&commits, 0.5)),
        ms(commits[commits.len() - 1])
    );
}
