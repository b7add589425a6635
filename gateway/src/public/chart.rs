//! The demand chart of an occupation's page: vacancies beside job seekers for each period of the
//! latest labour-market bulletins, drawn as inline SVG on the server (no script, no web font).
//! The same figures are in a table under it, which is what screen readers and the text-only
//! version of the page read.

use maud::{Markup, html};

/// One period's figures, oldest first when drawn.
pub struct Period {
    pub label: String,
    pub vacancies: i64,
    pub job_seekers: i64,
}

const WIDTH: i64 = 640;
const HEIGHT: i64 = 240;
/// Room for the period labels under the bars and the largest value above them.
const BOTTOM: i64 = 28;
const TOP: i64 = 20;
const LEFT: i64 = 8;

/// A bar chart of `periods` (oldest first); `label` names it for assistive technology, and the
/// two series names go into the legend.
pub fn demand(periods: &[Period], label: &str, vacancies: &str, job_seekers: &str) -> Markup {
    let largest =
        periods.iter().map(|period| period.vacancies.max(period.job_seekers)).max().unwrap_or(0).max(1);
    let plot_height = HEIGHT - BOTTOM - TOP;
    let slot = (WIDTH - LEFT) / (periods.len().max(1) as i64);
    let bar = (slot / 3).max(4);
    let height_of = |value: i64| value.max(0) * plot_height / largest;
    html! {
        figure.demand {
            svg.chart viewBox={ "0 0 " (WIDTH) " " (HEIGHT + 24) } role="img" aria-label=(label) {
                title { (label) }
                line x1=(LEFT) y1=(HEIGHT - BOTTOM) x2=(WIDTH) y2=(HEIGHT - BOTTOM) stroke="#9aa8b6" {}
                @for (index, period) in periods.iter().enumerate() {
                    @let x = LEFT + index as i64 * slot + slot / 2 - bar;
                    @let vacancies_height = height_of(period.vacancies);
                    @let seekers_height = height_of(period.job_seekers);
                    rect.vacancies x=(x) y=(HEIGHT - BOTTOM - vacancies_height) width=(bar) height=(vacancies_height) fill="#0b5f86" {}
                    rect.seekers x=(x + bar) y=(HEIGHT - BOTTOM - seekers_height) width=(bar) height=(seekers_height) fill="#c05621" {}
                    text x=(x + bar) y=(HEIGHT - BOTTOM + 18) text-anchor="middle" font-size="12" fill="#536170" { (period.label) }
                }
                rect x=(LEFT) y=(HEIGHT + 8) width="12" height="12" fill="#0b5f86" {}
                text x=(LEFT + 18) y=(HEIGHT + 18) font-size="13" fill="#1d2733" { (vacancies) }
                rect x=(LEFT + 200) y=(HEIGHT + 8) width="12" height="12" fill="#c05621" {}
                text x=(LEFT + 218) y=(HEIGHT + 18) font-size="13" fill="#1d2733" { (job_seekers) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar_heights(svg: &str, class: &str) -> Vec<i64> {
        svg.split(&format!("<rect class=\"{class}\""))
            .skip(1)
            .filter_map(|rest| rest.split("height=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect()
    }

    #[test]
    fn bars_are_in_proportion_to_the_largest_figure() {
        let periods = [
            Period { label: "Q1/2026".into(), vacancies: 200, job_seekers: 100 },
            Period { label: "Q2/2026".into(), vacancies: 50, job_seekers: 0 },
        ];
        let svg = demand(&periods, "demand", "vacancies", "job seekers").into_string();
        let full = HEIGHT - BOTTOM - TOP;
        assert_eq!(bar_heights(&svg, "vacancies"), vec![full, full / 4]);
        assert_eq!(bar_heights(&svg, "seekers"), vec![full / 2, 0]);
        assert!(svg.contains("Q2/2026") && svg.contains("aria-label=\"demand\""));
    }
}
