//! Aligned text tables: columns two spaces apart, an optional header with a
//! rule under it, each cell wrapped inside its column. Widths are display
//! widths (a CJK character or an emoji takes two columns, a combining mark
//! none). With a width limit (a terminal's), the columns shrink to fit it,
//! wrapping between words first, and breaking a word only when it alone is
//! wider than its column; without one (output to a pipe or a file), rows
//! are never wrapped, so `grep` and `cut` see whole rows. A cell's own line
//! breaks (a note's) stay inside its column.

use crate::error::Result;
use std::io::Write;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns this far apart.
const GAP: usize = 2;

/// The fewest columns a column shrinks to when words must be broken.
const NARROWEST: usize = 8;

/// The display width of one line of text.
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        UnicodeWidthStr::width(text)
    }
}

/// The width of a cell's widest line.
fn cell_width(text: &str) -> usize {
    if text.contains('\n') {
        text.split('\n').map(width).max().unwrap_or(0)
    } else {
        width(text)
    }
}

/// The width of a cell's longest word.
fn longest_word(text: &str) -> usize {
    text.split([' ', '\n']).map(width).max().unwrap_or(0)
}

/// One row's cells, written one after another into one buffer (no
/// allocation a cell).
#[derive(Debug, Default)]
pub struct Cells {
    text: String,
    ends: Vec<usize>,
    /// The last date pushed and its text: rows in order often share one
    /// (formatting a date is a tenth of a long agenda's table).
    last_date: Option<(chrono::NaiveDate, String)>,
}

impl Cells {
    /// The next cell.
    pub fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    /// The next cell, a value's `Display` text (a number, a date).
    pub fn push_display(&mut self, cell: impl std::fmt::Display) {
        use std::fmt::Write as _;
        // Writing to a String cannot fail.
        let _ = write!(self.text, "{cell}");
        self.ends.push(self.text.len());
    }

    /// The next cell, a date as `YYYY-MM-DD` (its `Display` text), made
    /// once for a run of rows with the same date.
    pub fn push_date(&mut self, d: chrono::NaiveDate) {
        let text = match &mut self.last_date {
            Some((last, text)) if *last == d => text,
            last => &last.insert((d, d.to_string())).1,
        };
        self.text.push_str(text);
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Cell `i` (empty past the last).
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.ends.get(i).map_or("", |&end| &self.text[start..end])
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    /// The cells as strings (tests).
    pub fn to_vec(&self) -> Vec<String> {
        (0..self.len()).map(|i| self.get(i).to_string()).collect()
    }
}

/// A table to draw: `len` rows whose cells `row(i, cells)` pushes, one for
/// each of `columns` columns; it is called up to three times a row (to
/// measure, to find the longest words when the table must shrink, and to
/// write), so nothing is kept a row.
pub struct Grid<'h> {
    /// The header of each column; `None` draws no header and no rule.
    pub headers: Option<&'h [&'h str]>,
    pub columns: usize,
    /// The column that gives up its width first when the table is too wide.
    pub flex: Option<usize>,
    /// Leave out the columns that are empty on every row (not the first).
    pub hide_empty: bool,
    /// At most this many columns wide; `None`: never wrap.
    pub limit: Option<usize>,
    /// Headers in bold.
    pub bold: bool,
}

impl Grid<'_> {
    pub fn draw(
        &self,
        out: &mut dyn Write,
        len: usize,
        mut row: impl FnMut(usize, &mut Cells),
    ) -> Result<()> {
        let n = self.columns;
        let mut cells = Cells::default();
        // Pass 1: which columns have text, and their natural widths.
        let mut filled = vec![false; n];
        let mut natural: Vec<usize> = (0..n)
            .map(|c| self.headers.map_or(0, |h| cell_width(h[c])))
            .collect();
        for i in 0..len {
            cells.clear();
            row(i, &mut cells);
            debug_assert_eq!(cells.len(), n, "one cell a column");
            for c in 0..n {
                let text = cells.get(c);
                filled[c] |= !text.is_empty();
                natural[c] = natural[c].max(cell_width(text));
            }
        }
        let shown: Vec<usize> = (0..n)
            .filter(|&c| !self.hide_empty || c == 0 || filled[c])
            .collect();
        let natural: Vec<usize> = shown.iter().map(|&c| natural[c]).collect();
        let flex = self.flex.and_then(|f| shown.iter().position(|&c| c == f));
        let (widths, gap) = match self.limit {
            Some(limit) if total(&natural, GAP) > limit => {
                // Pass 2: the longest words, which a column keeps whole
                // while it can.
                let mut words: Vec<usize> = shown
                    .iter()
                    .map(|&c| self.headers.map_or(0, |h| longest_word(h[c])))
                    .collect();
                for i in 0..len {
                    cells.clear();
                    row(i, &mut cells);
                    for (w, &c) in words.iter_mut().zip(&shown) {
                        *w = (*w).max(longest_word(cells.get(c)));
                    }
                }
                fit(&natural, &words, flex, limit)
            }
            _ => (natural, GAP),
        };

        let mut w = RowWriter::new(&widths, &shown, gap);
        let mut text = String::with_capacity(1 << 16);
        if let Some(h) = self.headers {
            cells.clear();
            for head in h {
                cells.push(head);
            }
            w.write(&mut text, &cells, self.bold);
            let rule = total(&widths, gap).max(1);
            text.push_str(&"─".repeat(self.limit.map_or(rule, |l| rule.min(l))));
            text.push('\n');
        }
        // Pass 3: the rows, written a block at a time (a call through
        // `dyn Write` a line adds up over thousands of rows).
        for i in 0..len {
            cells.clear();
            row(i, &mut cells);
            w.write(&mut text, &cells, false);
            if text.len() >= 1 << 16 {
                out.write_all(text.as_bytes())?;
                text.clear();
            }
        }
        out.write_all(text.as_bytes())?;
        Ok(())
    }
}

/// The width of a row of columns this wide, `gap` apart.
fn total(widths: &[usize], gap: usize) -> usize {
    widths.iter().sum::<usize>() + gap * widths.len().saturating_sub(1)
}

/// Column widths within `limit`, and the gap between columns: from their
/// natural widths, the flex column and then the widest ones give way down
/// to their longest word; if whole words do not fit two spaces apart, the
/// columns come one space apart; if they still do not fit, words are
/// broken, columns giving way down to [`NARROWEST`]. A table that cannot
/// fit even so is as narrow as that.
pub fn fit(
    natural: &[usize],
    words: &[usize],
    flex: Option<usize>,
    limit: usize,
) -> (Vec<usize>, usize) {
    let whole: Vec<usize> = natural
        .iter()
        .zip(words)
        .map(|(n, w)| (*n).min(*w))
        .collect();
    let broken: Vec<usize> = natural.iter().map(|n| (*n).min(NARROWEST)).collect();
    let mut widths = natural.to_vec();
    shrink(&mut widths, &whole, flex, limit, GAP);
    if total(&widths, GAP) <= limit {
        return (widths, GAP);
    }
    let mut widths = natural.to_vec();
    shrink(&mut widths, &whole, flex, limit, 1);
    if total(&widths, 1) > limit {
        shrink(&mut widths, &broken, flex, limit, 1);
    }
    (widths, 1)
}

/// Narrow `widths` towards `floors` until the row fits `limit`: the flex
/// column first, then the widest, one column at a time.
fn shrink(widths: &mut [usize], floors: &[usize], flex: Option<usize>, limit: usize, gap: usize) {
    if let Some(f) = flex {
        let excess = total(widths, gap).saturating_sub(limit);
        widths[f] -= excess.min(widths[f].saturating_sub(floors[f]));
    }
    while total(widths, gap) > limit {
        // The widest column that can still give, the leftmost of equals.
        let Some(c) = (0..widths.len())
            .filter(|&c| widths[c] > floors[c])
            .max_by_key(|&c| (widths[c], std::cmp::Reverse(c)))
        else {
            break;
        };
        widths[c] -= 1;
    }
}

/// Writes rows at fixed column widths, wrapping cells that need it.
struct RowWriter<'w> {
    widths: &'w [usize],
    /// The cells shown, in order.
    shown: &'w [usize],
    /// Each column's lines of the current row, as byte ranges of its cell.
    lines: Vec<Vec<(usize, usize)>>,
    gap: usize,
}

impl<'w> RowWriter<'w> {
    fn new(widths: &'w [usize], shown: &'w [usize], gap: usize) -> Self {
        RowWriter {
            widths,
            shown,
            lines: vec![Vec::new(); widths.len()],
            gap,
        }
    }

    /// Append one row (as many lines as its tallest cell) to `text`.
    fn write(&mut self, text: &mut String, cells: &Cells, bold: bool) {
        // Most rows: every cell one line of ASCII that fits its column.
        let fits = |(&c, &w): (&usize, &usize)| {
            let cell = cells.get(c);
            cell.len() <= w
                && !cell.starts_with(' ')
                && cell.bytes().all(|b| b.is_ascii() && b != b'\n')
        };
        if !bold && self.shown.iter().zip(self.widths).all(fits) {
            let start = text.len();
            let last = self.shown.len().saturating_sub(1);
            for (i, &c) in self.shown.iter().enumerate() {
                let cell = cells.get(c);
                text.push_str(cell);
                if i < last {
                    pad_with_spaces(text, self.widths[i] + self.gap - cell.len());
                }
            }
            let end = start + text[start..].trim_end().len();
            text.truncate(end);
            text.push('\n');
            return;
        }
        let mut height = 1;
        for ((&c, lines), &w) in self.shown.iter().zip(&mut self.lines).zip(self.widths) {
            lines.clear();
            wrap_into(cells.get(c), w, lines);
            height = height.max(lines.len());
        }
        let last = self.shown.len().saturating_sub(1);
        for j in 0..height {
            let start = text.len();
            for (c, &shown) in self.shown.iter().enumerate() {
                let cell = cells.get(shown);
                let piece = self.lines[c].get(j).map_or("", |&(a, b)| &cell[a..b]);
                if bold && !piece.is_empty() {
                    text.push_str("\x1b[1m");
                    text.push_str(piece);
                    text.push_str("\x1b[0m");
                } else {
                    text.push_str(piece);
                }
                if c < last {
                    let pad = (self.widths[c] + self.gap)
                        .saturating_sub(width(piece))
                        .max(1);
                    pad_with_spaces(text, pad);
                }
            }
            let end = start + text[start..].trim_end().len();
            text.truncate(end);
            text.push('\n');
        }
    }
}

/// Push `n` spaces.
fn pad_with_spaces(text: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut n = n;
    while n > 0 {
        let k = n.min(SPACES.len());
        text.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// Word-wrap `text` to lines of at most `width` display columns, pushed to
/// `lines` as byte ranges of `text`. Lines break at the text's own line
/// breaks and between words; a word wider than the line is cut. Each line
/// is the words it holds as they stand in `text`, single spaces apart (a
/// space that starts a line is dropped). An empty text is one empty line.
pub fn wrap_into(text: &str, width: usize, lines: &mut Vec<(usize, usize)>) {
    let width = width.max(1);
    // Most cells fit: one line, the whole text.
    if text.is_ascii() && text.len() <= width && !text.starts_with(' ') && !text.contains('\n') {
        lines.push((0, text.len()));
        return;
    }
    let mut at = 0;
    for para in text.split('\n') {
        let para_start = at;
        at += para.len() + 1;
        let para = para.strip_suffix('\r').unwrap_or(para);
        wrap_line(text, para_start, para, width, lines);
    }
}

/// [`wrap_into`] for one line of text starting at byte `base` of `text`.
fn wrap_line(text: &str, base: usize, line: &str, width: usize, lines: &mut Vec<(usize, usize)>) {
    let first = lines.len();
    // The line being filled: byte range and width; None while empty.
    let mut cur: Option<(usize, usize, usize)> = None;
    let mut at = base;
    for word in line.split(' ') {
        let (mut start, end) = (at, at + word.len());
        at = end + 1;
        let mut len = self::width(word);
        loop {
            match cur {
                Some((s, e, n)) => {
                    if n + 1 + len <= width {
                        cur = Some((s, end, n + 1 + len));
                        break;
                    }
                    lines.push((s, e));
                    cur = None;
                }
                None if len <= width => {
                    if len > 0 {
                        cur = Some((start, end, len));
                    }
                    break;
                }
                None => {
                    // A word wider than the line: cut it after the
                    // characters that fit (at least one).
                    let mut used = 0;
                    let mut cut = end;
                    for (i, ch) in text[start..end].char_indices() {
                        let w = ch.width().unwrap_or(0);
                        if used + w > width && i > 0 {
                            cut = start + i;
                            break;
                        }
                        used += w;
                    }
                    lines.push((start, cut));
                    len -= used.min(len);
                    start = cut;
                    if start == end {
                        break;
                    }
                }
            }
        }
    }
    match cur {
        Some((s, e, _)) => lines.push((s, e)),
        None if lines.len() == first => lines.push((base, base)),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str, width: usize) -> Vec<&str> {
        let mut lines = Vec::new();
        wrap_into(text, width, &mut lines);
        lines.iter().map(|&(a, b)| &text[a..b]).collect()
    }

    /// The word wrap written word by word into new strings, by display
    /// width: what [`wrap_into`] must agree with on one line of text.
    fn wrap_words(text: &str, width: usize) -> Vec<String> {
        let width = width.max(1);
        let mut lines = Vec::new();
        let mut cur = String::new();
        for word in text.split(' ') {
            let mut word = word.to_string();
            loop {
                let need = if cur.is_empty() {
                    super::width(&word)
                } else {
                    super::width(&cur) + 1 + super::width(&word)
                };
                if need <= width {
                    if !cur.is_empty() {
                        cur.push(' ');
                    }
                    cur.push_str(&word);
                    break;
                }
                if !cur.is_empty() {
                    lines.push(std::mem::take(&mut cur));
                    continue;
                }
                // A word wider than the line: cut it.
                let mut head = String::new();
                let mut rest = word.chars().peekable();
                while let Some(&ch) = rest.peek() {
                    if !head.is_empty() && super::width(&head) + ch.width().unwrap_or(0) > width {
                        break;
                    }
                    head.push(ch);
                    rest.next();
                }
                word = rest.collect();
                lines.push(head);
                if word.is_empty() {
                    break;
                }
            }
        }
        if !cur.is_empty() || lines.is_empty() {
            lines.push(cur);
        }
        lines
    }

    #[test]
    fn wraps_between_words_and_cuts_only_a_word_wider_than_the_line() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(
            wrap("A. Datum Corporation", 12),
            vec!["A. Datum", "Corporation"]
        );
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("  a  b", 3), vec!["a ", "b"]);
        assert_eq!(wrap("ééééé x", 2), vec!["éé", "éé", "é", "x"]);
        // Two columns a character: 日本 is four wide.
        assert_eq!(wrap("日本語 会社", 4), vec!["日本", "語", "会社"]);
        assert_eq!(
            wrap("scope: a\nrisks: b c", 8),
            vec!["scope: a", "risks: b", "c"]
        );
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
    }

    #[test]
    fn cells_hold_dates_as_their_display_text() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut cells = Cells::default();
        for date in [
            d("2027-07-01"),
            d("2027-07-01"),
            chrono::NaiveDate::MIN,
            d("0001-01-09"),
        ] {
            cells.clear();
            cells.push_date(date);
            cells.push_display(-3);
            assert_eq!(cells.to_vec(), [date.to_string(), "-3".to_string()]);
        }
    }

    #[test]
    fn widths_are_display_widths() {
        assert_eq!(width("Contoso"), 7);
        assert_eq!(width("株式会社"), 8);
        assert_eq!(width("e\u{301}"), 1, "a combining accent takes no column");
        assert_eq!(width("🚀 go"), 5);
    }

    #[test]
    fn fit_wraps_the_flex_column_between_words_first() {
        // domain 30, customer 25 (longest word 11), stage 12: 71 + 4 > 60.
        assert_eq!(
            fit(&[30, 25, 12], &[30, 11, 12], Some(1), 60),
            (vec![30, 14, 12], 2)
        );
        // Whole words fit one space apart.
        assert_eq!(
            fit(&[30, 25, 12], &[30, 11, 12], Some(1), 55),
            (vec![30, 11, 12], 1)
        );
        // Too narrow for whole words: the widest columns give way in turn.
        let (w, gap) = fit(&[30, 25, 12], &[30, 11, 12], Some(1), 40);
        assert_eq!((total(&w, gap), gap), (40, 1));
        assert!(w.iter().all(|&x| x >= NARROWEST));
        // Fits: natural widths.
        assert_eq!(fit(&[5, 5], &[5, 5], Some(0), 80), (vec![5, 5], 2));
    }

    fn draw(grid: &Grid, rows: &[Vec<&str>]) -> String {
        let mut out = Vec::new();
        grid.draw(&mut out, rows.len(), |i, c| {
            for cell in &rows[i] {
                c.push(cell);
            }
        })
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cells_stay_in_their_column_and_rows_fit_the_limit() {
        let headers = ["name", "note", "n"];
        let grid = Grid {
            headers: Some(&headers),
            columns: 3,
            flex: Some(1),
            hide_empty: true,
            limit: Some(30),
            bold: false,
        };
        let rows = vec![
            vec!["株式会社", "scope: mail\nrisks: none at all here", "1"],
            vec!["Contoso", "short", "22"],
        ];
        let text = draw(&grid, &rows);
        for line in text.lines() {
            assert!(width(line) <= 30, "{line:?} in\n{text}");
        }
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "name      note              n");
        assert!(lines[2].starts_with("株式会社  scope: mail"), "{text}");
        assert!(lines[3].starts_with("          risks: none at"), "{text}");
        assert!(
            lines.iter().any(|l| l.starts_with("Contoso   short")),
            "{text}"
        );
        // Without a limit nothing wraps but the cell's own line break.
        let grid = Grid {
            limit: None,
            ..grid
        };
        let text = draw(&grid, &rows);
        assert_eq!(text.lines().count(), 2 + 3, "{text}");
    }

    proptest::proptest! {
        #[test]
        fn wrap_agrees_with_the_word_by_word_wrap(
            text in "[a é日-]{0,3}( {0,3}[a-z éß日本]{0,12}){0,6}",
            width in 0usize..16,
        ) {
            proptest::prop_assert_eq!(wrap(&text, width), wrap_words(&text, width));
        }

        #[test]
        fn no_line_is_wider_than_the_limit_when_columns_can_fit(
            cells in proptest::collection::vec("[a-z日 ]{0,30}", 3..12),
            limit in 40usize..120,
        ) {
            let rows: Vec<Vec<&str>> = cells.chunks(3).filter(|c| c.len() == 3)
                .map(|c| c.iter().map(String::as_str).collect()).collect();
            let headers = ["a", "b", "c"];
            let grid = Grid { headers: Some(&headers), columns: 3, flex: Some(1),
                              hide_empty: false, limit: Some(limit), bold: false };
            let text = draw(&grid, &rows);
            for line in text.lines() {
                proptest::prop_assert!(width(line) <= limit, "{:?}", line);
            }
        }
    }
}
