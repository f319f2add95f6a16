//! The geometry of the dashboard's charts: axes, ticks and bars as numbers, no DOM.
//! The SVG components in `components::charts` draw what these functions compute.

/// A chart's outer size and the margins its axes and labels use, in SVG user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    pub fn plot_width(&self) -> f64 {
        (self.width - self.left - self.right).max(0.0)
    }

    pub fn plot_height(&self) -> f64 {
        (self.height - self.top - self.bottom).max(0.0)
    }

    /// The y coordinate of the horizontal axis.
    pub fn baseline(&self) -> f64 {
        self.top + self.plot_height()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Whole-number ticks from 0 to at least `max`, at most six of them, on a 1-2-5 step.
pub fn count_ticks(max: u64) -> Vec<u64> {
    let max = max.max(1);
    let step = [1, 2, 5]
        .iter()
        .flat_map(|&base| (0..19).map(move |power| base * 10u64.pow(power)))
        .filter(|step| max.div_ceil(*step) <= 5)
        .min()
        .unwrap_or(max);
    let top = max.div_ceil(step) * step;
    (0..=top / step).map(|i| i * step).collect()
}

/// Vertical bars, one per count, side by side across the plot, scaled to the top tick.
pub fn histogram_bars(counts: &[u64], frame: Frame) -> Vec<Bar> {
    if counts.is_empty() {
        return Vec::new();
    }
    let top = *count_ticks(counts.iter().copied().max().unwrap_or(0))
        .last()
        .unwrap_or(&1) as f64;
    let slot = frame.plot_width() / counts.len() as f64;
    let gap = (slot * 0.1).min(4.0);
    counts
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let height = frame.plot_height() * count as f64 / top;
            Bar {
                x: frame.left + i as f64 * slot + gap / 2.0,
                y: frame.baseline() - height,
                width: slot - gap,
                height,
            }
        })
        .collect()
}

/// The height of one candidate's row in the ranking chart.
pub const RANK_ROW: f64 = 28.0;

/// Horizontal bars, one row per candidate in the given order, as long as the score in [0, 1].
/// An application without a score gets an empty bar.
pub fn ranking_bars(scores: &[Option<f64>], frame: Frame) -> Vec<Bar> {
    scores
        .iter()
        .enumerate()
        .map(|(i, score)| Bar {
            x: frame.left,
            y: frame.top + i as f64 * RANK_ROW + 4.0,
            width: frame.plot_width() * score.unwrap_or(0.0).clamp(0.0, 1.0),
            height: RANK_ROW - 8.0,
        })
        .collect()
}

/// The height a ranking chart of `rows` candidates needs.
pub fn ranking_height(rows: usize, frame: Frame) -> f64 {
    frame.top + frame.bottom + rows.max(1) as f64 * RANK_ROW
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: Frame = Frame {
        width: 500.0,
        height: 300.0,
        left: 40.0,
        right: 10.0,
        top: 10.0,
        bottom: 40.0,
    };

    #[test]
    fn count_ticks_are_round_and_cover_the_maximum() {
        assert_eq!(count_ticks(0), vec![0, 1]);
        assert_eq!(count_ticks(3), vec![0, 1, 2, 3]);
        assert_eq!(count_ticks(7), vec![0, 2, 4, 6, 8]);
        assert_eq!(count_ticks(42), vec![0, 10, 20, 30, 40, 50]);
        assert_eq!(count_ticks(1000), vec![0, 200, 400, 600, 800, 1000]);
        for max in 0..500 {
            let ticks = count_ticks(max);
            assert!(
                ticks.len() <= 6 && *ticks.last().unwrap() >= max,
                "{max}: {ticks:?}"
            );
        }
    }

    #[test]
    fn histogram_bars_fill_the_plot_in_proportion() {
        let bars = histogram_bars(&[0, 2, 4], FRAME);
        assert_eq!(bars.len(), 3);
        assert_eq!(bars[0].height, 0.0);
        assert!((bars[2].height - FRAME.plot_height()).abs() < 1e-9);
        assert!((bars[1].height * 2.0 - bars[2].height).abs() < 1e-9);
        for bar in &bars {
            assert!((bar.y + bar.height - FRAME.baseline()).abs() < 1e-9);
            assert!(bar.x >= FRAME.left && bar.x + bar.width <= FRAME.width - FRAME.right);
        }
        assert!(bars[0].x < bars[1].x && bars[1].x < bars[2].x);
        assert!(histogram_bars(&[], FRAME).is_empty());
    }

    #[test]
    fn ranking_bars_follow_the_scores_and_the_order() {
        let bars = ranking_bars(&[Some(0.9), Some(0.3), None, Some(1.7)], FRAME);
        assert!((bars[0].width - 0.9 * FRAME.plot_width()).abs() < 1e-9);
        assert!(bars[0].width > bars[1].width);
        assert_eq!(bars[2].width, 0.0);
        assert_eq!(bars[3].width, FRAME.plot_width());
        assert!(bars[0].y < bars[1].y && bars[1].y < bars[2].y);
        assert_eq!(ranking_height(4, FRAME), 50.0 + 4.0 * RANK_ROW);
    }
}
