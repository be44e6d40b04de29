//! The dashboard's bar charts as geometry for an SVG template: no JavaScript, readable at 390 px
//! (the SVG scales with its viewBox; labels are sized for that), with a title and a description
//! that state every figure for screen readers.

use chrono::NaiveDate;

/// One bar with its label and value, already placed in the viewBox.
pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub value: u64,
    /// Text under (vertical) or above (horizontal) the bar; empty when skipped for room.
    pub label: String,
    pub label_x: u32,
    pub label_y: u32,
    pub value_x: u32,
    pub value_y: u32,
}

pub struct BarChart {
    pub title: String,
    pub desc: String,
    pub width: u32,
    pub height: u32,
    pub bars: Vec<Bar>,
    /// The baseline of vertical charts.
    pub axis_y: u32,
    pub empty: bool,
}

const DAY_WIDTH: u32 = 600;
const DAY_PLOT: u32 = 160;
const DAY_TOP: u32 = 24;

/// Submissions per day: vertical bars, a date label every few bars.
pub fn bar_chart_days(days: &[(NaiveDate, u64)]) -> BarChart {
    let max = days.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let n = u32::try_from(days.len()).unwrap_or(1).max(1);
    // Few days get narrow bars on the left rather than a few very wide ones.
    let slot = (DAY_WIDTH / n).min(48);
    let width = (slot * 7 / 10).max(2);
    let every = (n / 6).max(1) as usize;
    let axis_y = DAY_TOP + DAY_PLOT;
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, (day, value))| {
            let i32_ = u32::try_from(i).unwrap_or(0);
            let height = u32::try_from(*value * u64::from(DAY_PLOT) / max).unwrap_or(0);
            let x = i32_ * slot + (slot - width) / 2;
            Bar {
                x,
                y: axis_y - height,
                width,
                height,
                value: *value,
                label: if i % every == 0 || i + 1 == days.len() {
                    day.format("%-m/%-d").to_string()
                } else {
                    String::new()
                },
                label_x: x + width / 2,
                label_y: axis_y + 22,
                value_x: x + width / 2,
                value_y: axis_y - height - 4,
            }
        })
        .collect();
    let desc = if days.is_empty() {
        "暂无投稿".to_string()
    } else {
        days.iter()
            .filter(|(_, n)| *n > 0)
            .map(|(d, n)| format!("{}：{} 篇", d.format("%-m月%-d日"), n))
            .collect::<Vec<_>>()
            .join("；")
    };
    BarChart {
        title: "每日新投稿数".into(),
        desc,
        width: DAY_WIDTH,
        height: axis_y + 32,
        bars,
        axis_y,
        empty: days.is_empty(),
    }
}

const THEME_WIDTH: u32 = 600;
const THEME_ROW: u32 = 64;

/// Articles per theme: one horizontal bar per theme with its name above it.
pub fn bar_chart_themes(themes: &[(String, u64)]) -> BarChart {
    let max = themes.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let plot = THEME_WIDTH - 70;
    let bars = themes
        .iter()
        .enumerate()
        .map(|(i, (name, value))| {
            let top = u32::try_from(i).unwrap_or(0) * THEME_ROW;
            let width = u32::try_from(*value * u64::from(plot) / max).unwrap_or(0);
            Bar {
                x: 0,
                y: top + 30,
                width,
                height: 24,
                value: *value,
                label: name.clone(),
                label_x: 0,
                label_y: top + 22,
                value_x: width + 8,
                value_y: top + 49,
            }
        })
        .collect();
    let count = u32::try_from(themes.len()).unwrap_or(0);
    BarChart {
        title: "各主题投稿数".into(),
        desc: themes
            .iter()
            .map(|(name, n)| format!("{name}：{n} 篇"))
            .collect::<Vec<_>>()
            .join("；"),
        width: THEME_WIDTH,
        height: (count * THEME_ROW).max(THEME_ROW),
        bars,
        axis_y: 0,
        empty: themes.iter().all(|(_, n)| *n == 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tallest_day_fills_the_plot_and_the_description_names_each_day() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 5, day).unwrap();
        let chart = bar_chart_days(&[(d(1), 2), (d(2), 0), (d(3), 4)]);
        assert_eq!(chart.bars[2].height, DAY_PLOT);
        assert_eq!(chart.bars[0].height, DAY_PLOT / 2);
        assert_eq!(chart.desc, "5月1日：2 篇；5月3日：4 篇");
        assert_eq!(chart.bars[0].label, "5/1");
    }
}
