//! The dashboard's SVG charts: a histogram of scores and a ranked bar chart of candidates.
//! Colours come from the Okabe–Ito palette and every bar carries its value as text and title.

use leptos::prelude::*;
use offreapi_types::{HistogramBucket, RankedApplication};

use crate::chart::{self, Frame};
use crate::i18n::{decimal, percent, tr, txt, use_i18n};

/// Okabe–Ito blue and vermilion: told apart with every common colour-vision deficiency.
const BAR_COLOUR: &str = "#0072B2";
const LEADER_COLOUR: &str = "#D55E00";
const AXIS_COLOUR: &str = "#555555";
const GRID_COLOUR: &str = "#dddddd";

/// SVG coordinates in whole user units: finer is invisible, and integers keep float
/// formatting out of the wasm.
fn px(value: f64) -> i64 {
    value.round() as i64
}

const HISTOGRAM_FRAME: Frame = Frame {
    width: 560.0,
    height: 260.0,
    left: 44.0,
    right: 12.0,
    top: 12.0,
    bottom: 44.0,
};

#[component]
pub fn Histogram(buckets: Vec<HistogramBucket>) -> impl IntoView {
    let i18n = use_i18n();
    let frame = HISTOGRAM_FRAME;
    let counts: Vec<u64> = buckets.iter().map(|b| b.count).collect();
    let ticks = chart::count_ticks(counts.iter().copied().max().unwrap_or(0));
    let top = *ticks.last().unwrap_or(&1) as f64;
    let bars = chart::histogram_bars(&counts, frame);
    // Label every bucket edge when there are few, else every other one.
    let label_every = if buckets.len() > 10 { 2 } else { 1 };

    let grid = ticks
        .iter()
        .map(|&tick| {
            let y = frame.baseline() - frame.plot_height() * tick as f64 / top;
            view! {
                <g class="tick">
                    <line x1=px(frame.left) x2=px(frame.width - frame.right) y1=px(y) y2=px(y) stroke=GRID_COLOUR/>
                    <text x=px(frame.left - 6.0) y=px(y + 4.0) text-anchor="end">{tick.to_string()}</text>
                </g>
            }
        })
        .collect_view();
    let edges = buckets
        .iter()
        .enumerate()
        .filter(|(i, _)| i % label_every == 0)
        .map(|(i, bucket)| {
            let x = frame.left + frame.plot_width() * i as f64 / buckets.len().max(1) as f64;
            let label = bucket.from;
            view! {
                <text x=px(x) y=px(frame.baseline() + 16.0) text-anchor="middle">
                    {move || decimal(i18n.lang(), label, 1)}
                </text>
            }
        })
        .collect_view();
    let last_edge = buckets.last().map(|bucket| {
        let to = bucket.to;
        view! {
            <text x=px(frame.width - frame.right) y=px(frame.baseline() + 16.0) text-anchor="middle">
                {move || decimal(i18n.lang(), to, 1)}
            </text>
        }
    });
    let columns = buckets
        .iter()
        .zip(bars)
        .map(|(bucket, bar)| {
            let (from, to, count) = (bucket.from, bucket.to, bucket.count);
            let tooltip = move || {
                let lang = i18n.lang();
                format!(
                    "{} – {} : {count} {}",
                    decimal(lang, from, 2),
                    decimal(lang, to, 2),
                    i18n.t(txt::APPLICATIONS).to_lowercase()
                )
            };
            view! {
                <g class="histogram-bar" data-count=count.to_string()>
                    <title>{tooltip}</title>
                    <rect x=px(bar.x) y=px(bar.y) width=px(bar.width) height=px(bar.height) fill=BAR_COLOUR/>
                    {(count > 0).then(|| view! {
                        <text x=px(bar.x + bar.width / 2.0) y=px(bar.y - 3.0) text-anchor="middle">
                            {count.to_string()}
                        </text>
                    })}
                </g>
            }
        })
        .collect_view();

    view! {
        <svg
            class="chart histogram"
            viewBox=format!("0 0 {} {}", px(frame.width), px(frame.height))
            role="img"
            aria-labelledby="histogram-title"
        >
            <title id="histogram-title">{tr(txt::HISTOGRAM)}</title>
            {grid}
            {columns}
            <line
                x1=px(frame.left) x2=px(frame.width - frame.right)
                y1=px(frame.baseline()) y2=px(frame.baseline())
                stroke=AXIS_COLOUR
            />
            {edges}
            {last_edge}
            <text x=px(frame.left + frame.plot_width() / 2.0) y=px(frame.height - 6.0) text-anchor="middle" class="axis-label">
                {tr(txt::HISTOGRAM_X)}
            </text>
            <text
                x=12 y=px(frame.top + frame.plot_height() / 2.0)
                text-anchor="middle" class="axis-label"
                transform=format!("rotate(-90 12 {})", px(frame.top + frame.plot_height() / 2.0))
            >
                {tr(txt::HISTOGRAM_Y)}
            </text>
        </svg>
    }
}

const RANKING_FRAME: Frame = Frame {
    width: 560.0,
    height: 0.0,
    left: 150.0,
    right: 56.0,
    top: 8.0,
    bottom: 28.0,
};

/// Candidates shown in the chart; the table below it lists every one.
const RANKING_CHART_ROWS: usize = 25;

#[component]
pub fn RankingChart(ranking: Vec<RankedApplication>) -> impl IntoView {
    let i18n = use_i18n();
    let shown: Vec<RankedApplication> = ranking.into_iter().take(RANKING_CHART_ROWS).collect();
    let mut frame = RANKING_FRAME;
    frame.height = chart::ranking_height(shown.len(), frame);
    let scores: Vec<Option<f64>> = shown.iter().map(|r| r.score).collect();
    let bars = chart::ranking_bars(&scores, frame);
    let axis_y = frame.height - frame.bottom;

    let rows = shown
        .into_iter()
        .zip(bars)
        .map(|(entry, bar)| {
            let name = entry.candidate_name.clone();
            let score = entry.score;
            let label_y = bar.y + bar.height / 2.0 + 4.0;
            let value = move || match score {
                Some(score) => percent(i18n.lang(), score),
                None => i18n.t(txt::NOT_SCORED).to_owned(),
            };
            let colour = if entry.rank == 1 { LEADER_COLOUR } else { BAR_COLOUR };
            view! {
                <g
                    class="ranking-bar"
                    data-candidate=name.clone()
                    data-score-basis-points=score.map(|s| (s * 10_000.0).round() as i64)
                >
                    <title>{format!("#{} {name} — ", entry.rank)} {value}</title>
                    <text x=px(frame.left - 8.0) y=px(label_y) text-anchor="end">
                        {truncate(&name, 20)}
                    </text>
                    <rect x=px(bar.x) y=px(bar.y) width=px(bar.width) height=px(bar.height) fill=colour/>
                    <text x=px(bar.x + bar.width + 6.0) y=px(label_y)>{value}</text>
                </g>
            }
        })
        .collect_view();
    let ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
        .into_iter()
        .map(|tick| {
            let x = frame.left + frame.plot_width() * tick;
            view! {
                <g class="tick">
                    <line x1=px(x) x2=px(x) y1=px(frame.top) y2=px(axis_y) stroke=GRID_COLOUR/>
                    <text x=px(x) y=px(axis_y + 16.0) text-anchor="middle">
                        {move || percent(i18n.lang(), tick)}
                    </text>
                </g>
            }
        })
        .collect_view();

    view! {
        <svg
            class="chart ranking"
            viewBox=format!("0 0 {} {}", px(frame.width), px(frame.height))
            role="img"
            aria-labelledby="ranking-title"
        >
            <title id="ranking-title">{tr(txt::RANKING)}</title>
            {ticks}
            {rows}
            <line x1=px(frame.left) x2=px(frame.left) y1=px(frame.top) y2=px(axis_y) stroke=AXIS_COLOUR/>
        </svg>
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(max_chars - 1).collect();
        short.push('…');
        short
    }
}
