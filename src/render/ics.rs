//! iCalendar output (RFC 5545): all-day events, each with a stable UID so
//! that importing the file again updates the events instead of adding
//! them twice.

use chrono::{DateTime, Days, NaiveDate, Utc};
use std::io::Write;

/// One all-day event.
pub struct Event {
    /// Stable across runs for the same thing to do.
    pub uid: String,
    pub day: NaiveDate,
    pub summary: String,
    pub description: String,
    pub categories: Vec<String>,
}

/// A TEXT value escaped (RFC 5545 3.3.11).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (never inside a character), CRLF.
fn line(out: &mut dyn Write, content: &str) -> std::io::Result<()> {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.write_all(b"\r\n ")?;
            width = 1;
        }
        let mut buf = [0u8; 4];
        out.write_all(c.encode_utf8(&mut buf).as_bytes())?;
        width += n;
    }
    out.write_all(b"\r\n")
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A calendar of `events`, stamped `now`.
pub fn write(
    out: &mut dyn Write,
    name: &str,
    events: &[Event],
    now: DateTime<Utc>,
) -> std::io::Result<()> {
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    line(out, "BEGIN:VCALENDAR")?;
    line(out, "VERSION:2.0")?;
    line(out, "PRODID:-//ftc//FastTrack cadence//EN")?;
    line(out, "CALSCALE:GREGORIAN")?;
    line(out, "METHOD:PUBLISH")?;
    line(out, &format!("X-WR-CALNAME:{}", text(name)))?;
    for e in events {
        line(out, "BEGIN:VEVENT")?;
        line(out, &format!("UID:{}", e.uid))?;
        line(out, &format!("DTSTAMP:{stamp}"))?;
        line(out, &format!("DTSTART;VALUE=DATE:{}", date(e.day)))?;
        let end = e.day.checked_add_days(Days::new(1)).unwrap_or(e.day);
        line(out, &format!("DTEND;VALUE=DATE:{}", date(end)))?;
        line(out, &format!("SUMMARY:{}", text(&e.summary)))?;
        line(out, &format!("DESCRIPTION:{}", text(&e.description)))?;
        if !e.categories.is_empty() {
            let cats: Vec<String> = e.categories.iter().map(|c| text(c)).collect();
            line(out, &format!("CATEGORIES:{}", cats.join(",")))?;
        }
        // A reminder to act, not time taken: free in scheduling.
        line(out, "TRANSP:TRANSPARENT")?;
        line(out, "END:VEVENT")?;
    }
    line(out, "END:VCALENDAR")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_folded_between_characters() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = Vec::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        line(&mut out, &long).unwrap();
        let s = String::from_utf8(out).unwrap();
        for l in s.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(s.replace("\r\n ", ""), format!("{long}\r\n"));
    }
}
