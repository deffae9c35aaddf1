//! One self-contained HTML page of charts: inline CSS and SVG, no script,
//! no font, image or style sheet from anywhere else. Each chart has its
//! numbers beside the marks and a table of them under it; the page reads
//! in a narrow window (the charts scale, the tables scroll) and in print
//! (no chart split across pages).

use std::fmt::Write as _;

/// Text safe inside HTML and SVG.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The colours of a chart's series, in order (distinct in grey print too).
pub const PALETTE: [&str; 6] = [
    "#1f5fa8", "#e08a1e", "#5b9e4d", "#a33b6b", "#6b6b6b", "#3fb2c4",
];

/// Full, partial, none: strong, middle, faint.
pub const COVERAGE: [&str; 3] = ["#1f5fa8", "#e08a1e", "#b9c2cc"];

/// Horizontal bars, one row a label; stacked when there are several
/// series (then every row has one value a series).
pub struct Bars {
    pub id: &'static str,
    pub title: String,
    pub series: Vec<String>,
    /// The series' colours (`PALETTE` for most charts).
    pub colours: &'static [&'static str],
    pub rows: Vec<(String, Vec<u64>)>,
    /// Said instead of a chart when every value is 0.
    pub empty: String,
}

/// Lines over a row of labels (weeks).
pub struct Lines {
    pub id: &'static str,
    pub title: String,
    pub labels: Vec<String>,
    pub series: Vec<(String, Vec<u64>)>,
    pub empty: String,
}

pub enum Chart {
    Bars(Bars),
    Lines(Lines),
}

const WIDTH: u32 = 640;
const LABEL: u32 = 190;
const NUMBER: u32 = 110;
const ROW: u32 = 22;

fn legend(svg: &mut String, series: &[String], colours: &[&str], y: u32) {
    let mut x = 0;
    for (i, s) in series.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" class="legend">{}</text>"#,
            y,
            colours[i % colours.len()],
            x + 14,
            y + 9,
            esc(s)
        );
        x += 24 + 7 * s.chars().count() as u32;
    }
}

fn numbers_table(out: &mut String, head: &[String], rows: &[(String, Vec<u64>)]) {
    out.push_str("<div class=\"numbers\"><table><thead><tr><th></th>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for (label, values) in rows {
        let _ = write!(out, "<tr><th>{}</th>", esc(label));
        for v in values {
            let _ = write!(out, "<td>{v}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

impl Bars {
    fn draw(&self, out: &mut String) {
        let stacked = self.series.len() > 1;
        let top = if stacked { 22 } else { 0 };
        let height = top + ROW * self.rows.len() as u32 + 4;
        let max = self
            .rows
            .iter()
            .map(|(_, v)| v.iter().sum::<u64>())
            .max()
            .unwrap_or(0)
            .max(1);
        let span = WIDTH - LABEL - NUMBER;
        let _ = write!(
            out,
            r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{}">"#,
            esc(&self.title)
        );
        if stacked {
            legend(out, &self.series, self.colours, 4);
        }
        for (i, (label, values)) in self.rows.iter().enumerate() {
            let y = top + ROW * i as u32;
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" class="label">{}</text>"#,
                LABEL - 8,
                y + 15,
                esc(label)
            );
            let mut x = LABEL as f64;
            for (j, v) in values.iter().enumerate() {
                let w = span as f64 * *v as f64 / max as f64;
                if *v > 0 {
                    let _ = write!(
                        out,
                        r#"<rect class="mark" x="{x:.1}" y="{}" width="{:.1}" height="{}" fill="{}"><title>{}: {v}</title></rect>"#,
                        y + 3,
                        w.max(1.5),
                        ROW - 6,
                        self.colours[j % self.colours.len()],
                        esc(&format!("{label}, {}", self.series[j]))
                    );
                }
                x += w;
            }
            let text = if stacked {
                values
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(" / ")
            } else {
                values.iter().sum::<u64>().to_string()
            };
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{}" class="number">{text}</text>"#,
                x + 6.0,
                y + 15
            );
        }
        out.push_str("</svg>");
        numbers_table(out, &self.series, &self.rows);
    }
}

impl Lines {
    fn draw(&self, out: &mut String) {
        let (left, right, top, plot) = (40u32, 40u32, 30u32, 180u32);
        let height = top + plot + 30;
        let max = self
            .series
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .max()
            .unwrap_or(0)
            .max(1);
        let n = self.labels.len().max(2) as f64;
        let step = (WIDTH - left - right) as f64 / (n - 1.0);
        let y_of = |v: u64| top as f64 + plot as f64 * (1.0 - v as f64 / max as f64);
        let _ = write!(
            out,
            r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{}">"#,
            esc(&self.title)
        );
        let names: Vec<String> = self.series.iter().map(|(s, _)| s.clone()).collect();
        legend(out, &names, &PALETTE, 4);
        // Axis: 0 and the largest count.
        for v in [0, max] {
            let y = y_of(v);
            let _ = write!(
                out,
                r#"<line class="grid" x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text x="{}" y="{:.1}" class="label">{v}</text>"#,
                WIDTH - right,
                left - 6,
                y + 4.0
            );
        }
        for (i, l) in self.labels.iter().enumerate() {
            if i % 2 == 0 || i + 1 == self.labels.len() {
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{}" class="tick">{}</text>"#,
                    left as f64 + step * i as f64,
                    top + plot + 18,
                    esc(l)
                );
            }
        }
        for (j, (name, values)) in self.series.iter().enumerate() {
            let points: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{:.1},{:.1}", left as f64 + step * i as f64, y_of(*v)))
                .collect();
            let colour = PALETTE[j % PALETTE.len()];
            let _ = write!(
                out,
                r#"<polyline class="mark" points="{}" fill="none" stroke="{colour}" stroke-width="2"><title>{}</title></polyline>"#,
                points.join(" "),
                esc(name)
            );
            // The last week's number beside its line's end.
            if let Some(last) = values.last() {
                let x = left as f64 + step * (values.len() - 1) as f64;
                let _ = write!(
                    out,
                    r#"<circle cx="{x:.1}" cy="{:.1}" r="3" fill="{colour}"/><text x="{:.1}" y="{:.1}" class="number">{last}</text>"#,
                    y_of(*last),
                    x + 5.0,
                    y_of(*last) - 4.0 - 11.0 * j as f64
                );
            }
        }
        out.push_str("</svg>");
        numbers_table(out, &self.labels, &self.series);
    }
}

impl Chart {
    fn id(&self) -> &'static str {
        match self {
            Chart::Bars(b) => b.id,
            Chart::Lines(l) => l.id,
        }
    }

    fn title(&self) -> &str {
        match self {
            Chart::Bars(b) => &b.title,
            Chart::Lines(l) => &l.title,
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Chart::Bars(b) => b.rows.iter().all(|(_, v)| v.iter().all(|x| *x == 0)),
            Chart::Lines(l) => l.series.iter().all(|(_, v)| v.iter().all(|x| *x == 0)),
        }
    }
}

const STYLE: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1b1b1b;
       background: #fff; margin: 0 auto; padding: 1rem; max-width: 60rem; line-height: 1.4; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
p.sub { color: #555; margin: 0 0 1.5rem; }
figure { margin: 0 0 2rem; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; font-size: 1.1rem; margin-bottom: .5rem; }
svg.chart { width: 100%; height: auto; display: block; }
svg text { font-size: 12px; fill: #1b1b1b; }
svg text.label { text-anchor: end; }
svg text.tick { text-anchor: middle; fill: #555; }
svg text.number { font-variant-numeric: tabular-nums; }
svg line.grid { stroke: #ddd; }
.numbers { overflow-x: auto; }
table { border-collapse: collapse; font-size: .85rem; margin-top: .5rem; font-variant-numeric: tabular-nums; }
th, td { padding: .15rem .5rem; border-bottom: 1px solid #eee; }
td { text-align: right; }
th { text-align: left; font-weight: 600; }
p.empty { color: #555; font-style: italic; }
@media (max-width: 40rem) { body { padding: .5rem; } table { font-size: .75rem; } }
@media print { body { max-width: none; padding: 0; } .numbers { overflow: visible; } }
";

/// What marks a page as ftc's (a later report may replace it).
const GENERATOR: &str = "ftc report";

/// Whether the file at `path` is a page `page` wrote.
pub fn is_ours(path: &std::path::Path) -> bool {
    let mut head = [0u8; 1024];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    String::from_utf8_lossy(&head[..n]).contains(&format!(
        "<meta name=\"generator\" content=\"{GENERATOR}\">"
    ))
}

/// The whole page.
pub fn page(title: &str, subtitle: &str, charts: &[Chart]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
         <meta name=\"generator\" content=\"{GENERATOR}\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1><p class=\"sub\">{}</p>\n",
        esc(title),
        esc(title),
        esc(subtitle)
    );
    for c in charts {
        let _ = write!(
            out,
            "<figure id=\"{}\"><figcaption>{}</figcaption>",
            c.id(),
            esc(c.title())
        );
        if c.is_empty() {
            let empty = match c {
                Chart::Bars(b) => &b.empty,
                Chart::Lines(l) => &l.empty,
            };
            let _ = write!(out, "<p class=\"empty\">{}</p>", esc(empty));
        } else {
            match c {
                Chart::Bars(b) => b.draw(&mut out),
                Chart::Lines(l) => l.draw(&mut out),
            }
        }
        out.push_str("</figure>\n");
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_an_empty_chart_says_so() {
        let html = page(
            "A <b> & 'c'",
            "",
            &[Chart::Bars(Bars {
                id: "x",
                title: "T".into(),
                series: vec!["n".into()],
                colours: &PALETTE,
                rows: vec![("<r>".into(), vec![0])],
                empty: "nothing yet".into(),
            })],
        );
        assert!(html.contains("<title>A &lt;b&gt; &amp; &#39;c&#39;</title>"));
        assert!(html.contains("nothing yet"));
        assert!(!html.contains("<svg"));
    }

    #[test]
    fn bars_are_as_long_as_their_numbers() {
        let mut out = String::new();
        Bars {
            id: "x",
            title: "T".into(),
            series: vec!["n".into()],
            colours: &PALETTE,
            rows: vec![("a".into(), vec![10]), ("b".into(), vec![5])],
            empty: String::new(),
        }
        .draw(&mut out);
        let span = (WIDTH - LABEL - NUMBER) as f64;
        assert!(out.contains(&format!("width=\"{:.1}\"", span)));
        assert!(out.contains(&format!("width=\"{:.1}\"", span / 2.0)));
        assert!(out.contains(">10</text>") && out.contains(">5</text>"));
    }
}
