//! The search index as its callers use it: indexing, querying, filters, paging, upkeep.

#![expect(clippy::unwrap_used, reason = "test assertions")]

use std::sync::Arc;

use chrono::NaiveDate;
use jinguo_search::{ArticleDoc, Fragment, SearchHit, SearchIndex, SearchPage, SearchQuery};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn article(id: i64, title: &str, body: &str) -> ArticleDoc {
    ArticleDoc {
        id,
        title: title.to_owned(),
        body: body.to_owned(),
        post_name: "综合服务岗".to_owned(),
        work_unit: "某市政务服务中心".to_owned(),
        places: String::new(),
        province_code: "50".to_owned(),
        themes: vec!["shouhu".to_owned()],
        campaign: "2025".to_owned(),
        published_on: date(2025, 3, 1),
        stamp: 1,
    }
}

/// Filler prose that mentions none of the words the tests search for.
const FILLER: &str = "她们坚持把群众满意作为工作标准，十年如一日地守在岗位上。\
每天清晨，她们提前半小时到岗，整理资料、检查设备，确保每一位来访者都能得到及时周到的服务。\
遇到困难，大家相互鼓励、相互补位，形成了团结协作的良好氛围。";

fn text(query: &str) -> SearchQuery {
    SearchQuery {
        text: query.to_owned(),
        ..SearchQuery::default()
    }
}

fn ids(page: &SearchPage) -> Vec<i64> {
    page.hits.iter().map(|h| h.id).collect()
}

fn joined(fragments: &[Fragment]) -> String {
    fragments.iter().map(|f| f.text.as_str()).collect()
}

fn highlighted(fragments: &[Fragment]) -> Vec<&str> {
    fragments
        .iter()
        .filter(|f| f.highlighted)
        .map(|f| f.text.as_str())
        .collect()
}

fn index_with(docs: Vec<ArticleDoc>) -> SearchIndex {
    let index = SearchIndex::open_in_ram().unwrap();
    index.rebuild(docs, 1).unwrap();
    index
}

fn only_hit(page: &SearchPage) -> &SearchHit {
    assert_eq!(page.hits.len(), 1, "hits: {:?}", ids(page));
    &page.hits[0]
}

#[test]
fn a_query_for_rural_revitalisation_finds_the_campaign_article_and_highlights_it() {
    let index = index_with(vec![
        article(
            1,
            "巾帼文明岗助力乡村振兴",
            &format!(
                "{FILLER}\n她们走村入户，把政策送到田间地头，为乡村振兴贡献巾帼力量。{FILLER}"
            ),
        ),
        article(2, "窗口服务暖人心", FILLER),
    ]);

    let page = index.search(&text("乡村振兴")).unwrap();

    assert_eq!(page.total, 1);
    let hit = only_hit(&page);
    assert_eq!(hit.id, 1);
    assert_eq!(hit.published_on, date(2025, 3, 1));
    assert!(hit.score > 0.0);
    assert_eq!(joined(&hit.title), "巾帼文明岗助力乡村振兴");
    assert!(!highlighted(&hit.title).is_empty());
    assert!(
        highlighted(&hit.title)
            .iter()
            .all(|h| "乡村振兴".contains(h))
    );
    assert!(
        joined(&hit.snippet).starts_with("她们走村入户，"),
        "{:?}",
        hit.snippet
    );
    assert!(joined(&hit.snippet).contains("乡村振兴"));
    assert!(
        highlighted(&hit.snippet)
            .iter()
            .any(|h| h.contains("乡村") || h.contains("振兴"))
    );
    assert!(joined(&hit.snippet).chars().count() <= 130);

    // A compound word is found by its parts too (search-mode cut), and by the campaign's name.
    assert_eq!(ids(&index.search(&text("振兴")).unwrap()), vec![1]);
    assert_eq!(ids(&index.search(&text("巾帼文明岗")).unwrap()), vec![1]);
}

#[test]
fn every_word_must_match_so_a_second_word_narrows() {
    let index = index_with(vec![
        article(1, "急诊护理团队", &format!("{FILLER}护理工作细致入微。")),
        article(2, "护理下乡", &format!("{FILLER}把护理服务带到乡村。")),
        article(3, "乡村教师", &format!("{FILLER}扎根乡村教育。")),
    ]);

    let mut one = ids(&index.search(&text("护理")).unwrap());
    one.sort_unstable();
    assert_eq!(one, vec![1, 2]);
    assert_eq!(ids(&index.search(&text("护理 乡村")).unwrap()), vec![2]);
    assert_eq!(ids(&index.search(&text("护理，乡村！")).unwrap()), vec![2]);
    assert_eq!(index.search(&text("护理 航天")).unwrap().total, 0);
}

#[test]
fn title_and_work_unit_hits_rank_above_body_only_hits() {
    let mut body_only = article(
        1,
        "窗口服务暖人心",
        &format!("{FILLER}她曾在医院实习，后来来到这里。{FILLER}"),
    );
    body_only.published_on = date(2025, 6, 1); // newest: ranking must not be by date
    let mut in_unit = article(2, "守护生命的天使", &format!("{FILLER}{FILLER}"));
    in_unit.work_unit = "重庆医科大学附属第一医院".to_owned();
    let in_title = article(3, "医院里的巾帼文明岗", &format!("{FILLER}{FILLER}"));
    let index = index_with(vec![body_only, in_unit, in_title]);

    let page = index.search(&text("医院")).unwrap();

    assert_eq!(page.total, 3);
    assert_eq!(ids(&page), vec![3, 2, 1]);
    assert!(page.hits[0].score > page.hits[1].score);
    assert!(page.hits[1].score > page.hits[2].score);
}

#[test]
fn a_place_finds_the_articles_from_there_even_when_their_text_never_names_it() {
    let mut from_yuzhong = article(1, "急诊科护理组的一天", &format!("{FILLER}{FILLER}"));
    from_yuzhong.places = "重庆市 渝中区".to_owned();
    let mut from_wanzhou = article(2, "窗口服务暖人心", &format!("{FILLER}{FILLER}"));
    from_wanzhou.places = "重庆市 万州区".to_owned();
    let mut names_it = article(3, "渝中区的巾帼文明岗", &format!("{FILLER}{FILLER}"));
    names_it.places = "四川省 成都市".to_owned();
    let index = index_with(vec![from_yuzhong, from_wanzhou, names_it]);

    let mut yuzhong = ids(&index.search(&text("渝中")).unwrap());
    yuzhong.sort_unstable();
    assert_eq!(yuzhong, vec![1, 3]);
    let mut district = ids(&index.search(&text("渝中区")).unwrap());
    district.sort_unstable();
    assert_eq!(district, vec![1, 3]);
    let mut chongqing = ids(&index.search(&text("重庆")).unwrap());
    chongqing.sort_unstable();
    assert_eq!(chongqing, vec![1, 2]);
    assert_eq!(ids(&index.search(&text("万州区")).unwrap()), vec![2]);
}

#[test]
fn a_match_outside_the_body_shows_the_bodys_opening_unhighlighted() {
    let mut doc = article(1, "守护生命的天使", &format!("开篇第一句。{FILLER}"));
    doc.post_name = "急诊科护理组".to_owned();
    let index = index_with(vec![doc]);

    let page = index.search(&text("急诊科")).unwrap();

    let hit = only_hit(&page);
    assert_eq!(hit.snippet.len(), 1);
    assert!(!hit.snippet[0].highlighted);
    assert!(hit.snippet[0].text.starts_with("开篇第一句。"));
    assert_eq!(hit.snippet[0].text.chars().count(), 100);
    assert!(highlighted(&hit.title).is_empty());
}

#[test]
fn theme_and_province_filters_narrow_and_an_empty_query_lists_newest_first() {
    let mut docs = Vec::new();
    for (id, province, themes, day) in [
        (1, "50", vec!["shouhu"], 1),
        (2, "50", vec!["xiangcun", "shouhu"], 5),
        (3, "33", vec!["xiangcun"], 3),
        (4, "50", vec!["xiangcun"], 2),
    ] {
        let mut doc = article(id, "服务群众的巾帼故事", FILLER);
        doc.province_code = province.to_owned();
        doc.themes = themes.into_iter().map(str::to_owned).collect();
        doc.published_on = date(2025, 4, day);
        docs.push(doc);
    }
    let index = index_with(docs);
    let filtered = |text: &str, theme: Option<&str>, province: Option<&str>| {
        index
            .search(&SearchQuery {
                text: text.to_owned(),
                theme: theme.map(str::to_owned),
                province_code: province.map(str::to_owned),
                ..SearchQuery::default()
            })
            .unwrap()
    };

    assert_eq!(ids(&filtered("", Some("xiangcun"), None)), vec![2, 3, 4]);
    assert_eq!(
        ids(&filtered("  ", Some("xiangcun"), Some("50"))),
        vec![2, 4]
    );
    assert_eq!(ids(&filtered("", None, Some("33"))), vec![3]);
    assert_eq!(ids(&filtered("", None, None)), vec![2, 3, 4, 1]);
    // With text, equal scores fall back to newest first; filters do not change scores.
    let themed = filtered("巾帼", Some("shouhu"), None);
    assert_eq!(ids(&themed), vec![2, 1]);
    assert_eq!(themed.hits[0].score, themed.hits[1].score);
    assert_eq!(filtered("巾帼", Some("nosuchtheme"), None).total, 0);
    // Listing without text highlights nothing and shows each body's opening.
    let listed = filtered("", None, Some("33"));
    assert!(listed.hits[0].snippet.iter().all(|f| !f.highlighted));
    assert_eq!(listed.hits[0].score, 0.0);
}

#[test]
fn pages_are_disjoint_and_total_counts_every_match() {
    let docs = (1..=25).map(|id| {
        let mut doc = article(id, &format!("第{id}个巾帼文明岗"), FILLER);
        doc.published_on = date(2025, 1, u32::try_from(id).unwrap());
        doc
    });
    let mut docs: Vec<ArticleDoc> = docs.collect();
    docs.push(article(99, "不相关的标题", "没有那个词。"));
    let index = index_with(docs);
    let page = |offset: usize, limit: usize| {
        index
            .search(&SearchQuery {
                text: "文明岗".to_owned(),
                offset,
                limit,
                ..SearchQuery::default()
            })
            .unwrap()
    };

    let first = page(0, 10);
    let second = page(10, 10);
    let third = page(20, 10);
    assert_eq!((first.total, second.total, third.total), (25, 25, 25));
    assert_eq!(
        (first.hits.len(), second.hits.len(), third.hits.len()),
        (10, 10, 5)
    );
    let mut all: Vec<i64> = [first, second, third].iter().flat_map(ids).collect();
    assert_eq!(all[..3], [25, 24, 23]); // equal scores: newest first
    all.sort_unstable();
    assert_eq!(all, (1..=25).collect::<Vec<_>>());
    assert!(page(30, 10).hits.is_empty());
    assert_eq!(page(0, 0).total, 25);
    assert!(page(0, 0).hits.is_empty());
    assert_eq!(page(0, 10_000).hits.len(), 25);
}

#[test]
fn apply_replaces_an_upserted_article_and_hides_a_removed_one() {
    let index = SearchIndex::open_in_ram().unwrap();
    assert_eq!(index.applied_seq(), 0);
    assert_eq!(index.doc_count(), 0);

    index
        .apply(
            &[
                article(7, "旧标题护理", FILLER),
                article(8, "另一篇护理", FILLER),
            ],
            &[],
            3,
        )
        .unwrap();
    assert_eq!(index.doc_count(), 2);
    index
        .apply(&[article(7, "新标题乡村", FILLER)], &[], 4)
        .unwrap();
    index
        .apply(&[article(7, "新标题乡村", FILLER)], &[], 5)
        .unwrap();

    assert_eq!(index.applied_seq(), 5);
    assert_eq!(index.doc_count(), 2);
    assert_eq!(ids(&index.search(&text("护理")).unwrap()), vec![8]);
    assert_eq!(ids(&index.search(&text("乡村")).unwrap()), vec![7]);

    index.apply(&[], &[8, 12345], 6).unwrap();
    assert_eq!(index.doc_count(), 1);
    assert_eq!(index.search(&text("护理")).unwrap().total, 0);

    // The same id twice in one batch keeps the last version only.
    index
        .apply(
            &[article(9, "第一版", FILLER), article(9, "第二版", FILLER)],
            &[],
            7,
        )
        .unwrap();
    assert_eq!(index.doc_count(), 2);
    assert_eq!(index.search(&text("第一版")).unwrap().total, 0);
    assert_eq!(ids(&index.search(&text("第二版")).unwrap()), vec![9]);

    // A rebuild replaces everything.
    let count = index
        .rebuild(vec![article(1, "重建后的文章", FILLER)], 40)
        .unwrap();
    assert_eq!(count, 1);
    assert_eq!(index.doc_count(), 1);
    assert_eq!(index.applied_seq(), 40);
    assert_eq!(index.search(&text("乡村")).unwrap().total, 0);
}

#[test]
fn stamps_list_every_live_document_by_id_with_its_latest_stamp() {
    let dir = tempfile::tempdir().unwrap();
    let stamped = |id, stamp| ArticleDoc {
        stamp,
        ..article(id, "巾帼文明岗", FILLER)
    };
    {
        let index = SearchIndex::open_in_dir(dir.path()).unwrap();
        assert_eq!(index.stamps().unwrap(), vec![]);
        index
            .apply(&[stamped(9, 90), stamped(3, 30), stamped(5, 50)], &[], 1)
            .unwrap();
        // A later commit (another segment) replaces one and removes another.
        index.apply(&[stamped(3, 31)], &[5], 2).unwrap();
        assert_eq!(index.stamps().unwrap(), vec![(3, 31), (9, 90)]);
    }
    let reopened = SearchIndex::open_in_dir(dir.path()).unwrap();
    assert_eq!(reopened.stamps().unwrap(), vec![(3, 31), (9, 90)]);
}

#[test]
fn applied_seq_and_documents_survive_reopening_an_on_disk_index() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open_in_dir(dir.path()).unwrap();
        assert_eq!(index.applied_seq(), 0);
        index
            .apply(&[article(1, "巾帼文明岗助力乡村振兴", FILLER)], &[], 17)
            .unwrap();
    }
    let index = SearchIndex::open_in_dir(dir.path()).unwrap();
    assert_eq!(index.applied_seq(), 17);
    assert_eq!(index.doc_count(), 1);
    assert_eq!(ids(&index.search(&text("乡村振兴")).unwrap()), vec![1]);
}

#[test]
fn an_index_stamped_with_another_schema_version_is_wiped_on_open() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open_in_dir(dir.path()).unwrap();
        index
            .apply(&[article(1, "巾帼文明岗", FILLER)], &[], 9)
            .unwrap();
    }
    {
        // Re-stamp the same index as if an older release had written it.
        let raw = tantivy::Index::open_in_dir(dir.path()).unwrap();
        let mut writer: tantivy::IndexWriter = raw.writer(15_000_000).unwrap();
        let mut prepared = writer.prepare_commit().unwrap();
        prepared.set_payload("jinguo-search schema=0 seq=9");
        prepared.commit().unwrap();
    }

    let index = SearchIndex::open_in_dir(dir.path()).unwrap();

    assert_eq!(index.applied_seq(), 0);
    assert_eq!(index.doc_count(), 0);
    index.apply(&[article(2, "重建", FILLER)], &[], 10).unwrap();
    drop(index);
    assert_eq!(
        SearchIndex::open_in_dir(dir.path()).unwrap().applied_seq(),
        10
    );
}

#[test]
fn an_index_of_a_foreign_schema_is_wiped_on_open() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut builder = tantivy::schema::Schema::builder();
        builder.add_text_field("something", tantivy::schema::TEXT);
        let raw = tantivy::Index::create_in_dir(dir.path(), builder.build()).unwrap();
        let mut writer: tantivy::IndexWriter = raw.writer(15_000_000).unwrap();
        let mut prepared = writer.prepare_commit().unwrap();
        prepared.set_payload(&format!(
            "jinguo-search schema={} seq=5",
            jinguo_search::SCHEMA_VERSION
        ));
        prepared.commit().unwrap();
    }

    let index = SearchIndex::open_in_dir(dir.path()).unwrap();

    assert_eq!(index.applied_seq(), 0);
    index
        .apply(&[article(1, "巾帼文明岗", FILLER)], &[], 1)
        .unwrap();
    assert_eq!(index.search(&text("巾帼")).unwrap().total, 1);
}

#[test]
fn markup_in_articles_comes_back_verbatim_as_plain_text() {
    let title = "<script>alert(1)</script>护理&amp;";
    let body = format!("{FILLER}<script>alert(1)</script>护理<b>加粗</b>");
    let index = index_with(vec![article(1, title, &body)]);

    for query in ["护理", "script", "alert"] {
        let page = index.search(&text(query)).unwrap();
        let hit = only_hit(&page);
        assert_eq!(joined(&hit.title), title, "query {query}");
        assert!(
            joined(&hit.snippet).contains("<script>alert(1)</script>"),
            "{:?}",
            hit.snippet
        );
        assert!(!highlighted(&hit.snippet).is_empty(), "query {query}");
    }
    let page = index.search(&text("<script>")).unwrap();
    assert_eq!(
        highlighted(&only_hit(&page).title),
        vec!["script", "script"]
    );
}

#[test]
fn hostile_or_odd_queries_never_fail() {
    let index = index_with(vec![article(1, "AI赋能智慧护理", FILLER)]);
    let long_ascii = "a".repeat(5_000);
    let long_chinese = "护理乡村振兴（）“”".repeat(500);
    for query in [
        "",
        "   ",
        "！！！",
        "。，、；：？",
        "\"",
        "\"\"",
        "'",
        "AND (",
        "OR ) NOT",
        "title:护理",
        "护理^3",
        "*",
        "[1 TO 2]",
        "\\",
        "\u{0}",
        "\u{3000}",
        long_ascii.as_str(),
        long_chinese.as_str(),
    ] {
        assert!(index.search(&text(query)).is_ok(), "query {query:?}");
    }
    assert_eq!(index.search(&text("！！！")).unwrap().total, 0);
    assert_eq!(index.search(&text("\"护理\"")).unwrap().total, 1);
    assert_eq!(index.search(&text("title:护理")).unwrap().total, 0); // "title" is a word too
    assert_eq!(index.search(&text("護理 护理")).unwrap().total, 0);
    // Full-width and upper-case ASCII match the same words.
    assert_eq!(index.search(&text("ai")).unwrap().total, 1);
    assert_eq!(index.search(&text("ＡＩ")).unwrap().total, 1);
    assert_eq!(index.search(&text("Ai　护理")).unwrap().total, 1);
    let huge = SearchQuery {
        offset: usize::MAX,
        limit: usize::MAX,
        ..text("护理")
    };
    let page = index.search(&huge).unwrap();
    assert_eq!((page.total, page.hits.len()), (1, 0));
}

#[test]
fn searches_run_from_many_threads_while_articles_are_applied() {
    let index = Arc::new(index_with(
        (1..=50)
            .map(|id| article(id, "巾帼文明岗助力乡村振兴", FILLER))
            .collect(),
    ));
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let index = Arc::clone(&index);
            std::thread::spawn(move || {
                for _ in 0..50 {
                    let page = index.search(&text("乡村振兴")).unwrap();
                    assert!(page.total >= 50);
                }
            })
        })
        .collect();
    for seq in 2..12 {
        index
            .apply(&[article(100 + seq, "乡村振兴新篇章", FILLER)], &[], seq)
            .unwrap();
    }
    for reader in readers {
        reader.join().unwrap();
    }
    assert_eq!(index.search(&text("乡村振兴")).unwrap().total, 60);
    assert_eq!(index.applied_seq(), 11);
}

#[test]
fn a_word_that_is_only_part_of_an_indexed_word_still_finds_it() {
    let mut doc = article(1, "渝中区巾帼文明岗风采", FILLER);
    doc.work_unit = "渝中区政务服务中心".to_owned();
    let index = index_with(vec![doc, article(2, "江北区窗口", FILLER)]);

    // The documents hold 渝中区 as one word (and its part 中区), never 渝中 on its own.
    let page = index.search(&text("渝中")).unwrap();
    let hit = only_hit(&page);
    assert_eq!(hit.id, 1);
    assert_eq!(highlighted(&hit.title), vec!["渝中区"]);
    assert_eq!(ids(&index.search(&text("渝中 文明岗")).unwrap()), vec![1]);
    assert_eq!(index.search(&text("渝中 江北")).unwrap().total, 0);
}
