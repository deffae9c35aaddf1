//! Business days (SPEC rule 4.1): weekend days, holiday dates for every
//! region and per region, and the all-day events of iCalendar files.
//!
//! Pure: the `.ics` text comes in as a string (or through a reader closure
//! in [`Calendar::from_config`]), and "today" is always an argument.

use crate::config::Config;
use crate::domain::values::{parse_date, Region};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Why a calendar could not be built from the config.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("calendar.weekend: '{0}' is not a weekday (mon..sun)")]
    UnknownWeekday(String),
    #[error("calendar.weekend lists all seven days, so no day is a business day")]
    NoBusinessDays,
    #[error("calendar.holidays.{key}: {reason}")]
    Holiday { key: String, reason: String },
    #[error("calendar.ics.{0}: not a region (all, americas, emea, apj)")]
    IcsKey(String),
    #[error("calendar.ics.{key}: cannot read {}: {reason}", path.display())]
    IcsRead {
        key: String,
        path: PathBuf,
        reason: String,
    },
    #[error("calendar.ics.{key}: {}: {reason}", path.display())]
    IcsParse {
        key: String,
        path: PathBuf,
        reason: String,
    },
}

/// Which days are business days, for every region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Indexed by `Weekday::num_days_from_monday`.
    weekend: [bool; 7],
    all: BTreeSet<NaiveDate>,
    regional: BTreeMap<Region, BTreeSet<NaiveDate>>,
}

impl Default for Calendar {
    /// Saturday and Sunday off, no holidays.
    fn default() -> Self {
        let mut weekend = [false; 7];
        weekend[Weekday::Sat.num_days_from_monday() as usize] = true;
        weekend[Weekday::Sun.num_days_from_monday() as usize] = true;
        Calendar {
            weekend,
            all: BTreeSet::new(),
            regional: BTreeMap::new(),
        }
    }
}

impl Calendar {
    /// A calendar with these weekend days and no holidays yet.
    ///
    /// Refuses a weekend of all seven days: counting business days would
    /// never end.
    pub fn new(weekend: &[Weekday]) -> Result<Calendar, CalendarError> {
        let mut days = [false; 7];
        for w in weekend {
            days[w.num_days_from_monday() as usize] = true;
        }
        if days.iter().all(|&off| off) {
            return Err(CalendarError::NoBusinessDays);
        }
        Ok(Calendar {
            weekend: days,
            all: BTreeSet::new(),
            regional: BTreeMap::new(),
        })
    }

    /// Add holidays: for every region (`None`) or for one region.
    pub fn with_holidays(
        mut self,
        region: Option<Region>,
        dates: impl IntoIterator<Item = NaiveDate>,
    ) -> Calendar {
        let mut dates = dates.into_iter().peekable();
        // No empty per-region sets, so equal calendars compare equal.
        if dates.peek().is_none() {
            return self;
        }
        let set = match region {
            None => &mut self.all,
            Some(r) => self.regional.entry(r).or_default(),
        };
        set.extend(dates);
        self
    }

    /// Build the calendar from the `[calendar]` section of the config.
    ///
    /// Relative `.ics` paths are taken from `base_dir` (the config file's
    /// folder); `read` fetches a file's text, so this stays free of IO.
    pub fn from_config(
        cfg: &Config,
        base_dir: &Path,
        read: impl Fn(&Path) -> std::io::Result<String>,
    ) -> Result<Calendar, CalendarError> {
        let c = &cfg.calendar;
        let weekend = c
            .weekend
            .iter()
            .map(|s| parse_weekday(s).ok_or_else(|| CalendarError::UnknownWeekday(s.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        let mut cal = Calendar::new(&weekend)?;
        let h = &c.holidays;
        let lists = [
            ("all", None, &h.all),
            ("americas", Some(Region::Americas), &h.americas),
            ("emea", Some(Region::Emea), &h.emea),
            ("apj", Some(Region::Apj), &h.apj),
        ];
        for (key, region, list) in lists {
            let dates = list
                .iter()
                .map(|d| parse_date(d))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|reason| CalendarError::Holiday {
                    key: key.into(),
                    reason,
                })?;
            cal = cal.with_holidays(region, dates);
        }
        for (key, file) in &c.ics {
            let region = if key == "all" {
                None
            } else {
                Some(
                    key.parse::<Region>()
                        .map_err(|_| CalendarError::IcsKey(key.clone()))?,
                )
            };
            let path = base_dir.join(file);
            let text = read(&path).map_err(|e| CalendarError::IcsRead {
                key: key.clone(),
                path: path.clone(),
                reason: e.to_string(),
            })?;
            let dates = parse_ics(&text).map_err(|reason| CalendarError::IcsParse {
                key: key.clone(),
                path: path.clone(),
                reason,
            })?;
            cal = cal.with_holidays(region, dates);
        }
        Ok(cal)
    }

    /// Whether `d` falls on a weekend day.
    pub fn is_weekend(&self, d: NaiveDate) -> bool {
        self.weekend[d.weekday().num_days_from_monday() as usize]
    }

    /// Whether `d` is a holiday for `region` (`None`: only `all` holidays).
    pub fn is_holiday(&self, region: Option<Region>, d: NaiveDate) -> bool {
        self.all.contains(&d)
            || region
                .and_then(|r| self.regional.get(&r))
                .is_some_and(|set| set.contains(&d))
    }

    /// Neither a weekend day nor a holiday of `region` or of every region.
    pub fn is_business_day(&self, region: Option<Region>, d: NaiveDate) -> bool {
        !self.is_weekend(d) && !self.is_holiday(region, d)
    }

    /// The `n`th business day strictly after `d` (SPEC 4.1); `d` itself when
    /// `n` is 0, whatever day it is.
    ///
    /// Same as `numpy.busday_offset(d, n, roll='backward')` for `n >= 1`.
    /// Ends because the constructor keeps at least one weekday a working
    /// day and the holidays are finite. Stops at the last date chrono can
    /// hold rather than panic.
    pub fn add_business_days(&self, region: Option<Region>, d: NaiveDate, n: u32) -> NaiveDate {
        let mut day = d;
        let mut left = n;
        while left > 0 {
            match day.succ_opt() {
                Some(next) => day = next,
                None => return day,
            }
            if self.is_business_day(region, day) {
                left -= 1;
            }
        }
        day
    }

    /// The first business day strictly after `d`.
    pub fn first_business_day_after(&self, region: Option<Region>, d: NaiveDate) -> NaiveDate {
        self.add_business_days(region, d, 1)
    }
}

/// `mon`..`sun`, any case.
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s.trim().to_ascii_lowercase().as_str() {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// iCalendar (RFC 5545): just enough to read holiday feeds.

/// A yearly rule is expanded at least this many years past its start...
const RRULE_MIN_YEARS: i32 = 30;
/// ...and at least through this year, so a feed whose rules start decades
/// ago (common: `DTSTART:19700101` for New Year) still covers the years
/// the tool is used in.
const RRULE_THROUGH_YEAR: i32 = 2100;
/// A single all-day event longer than this is surely a mistake, and
/// expanding it would flood the holiday set.
const MAX_EVENT_DAYS: i64 = 366;

/// The dates covered by the all-day events of an iCalendar text: sorted,
/// without repeats.
///
/// Handles folded lines, CRLF, multi-day events (`DTEND` is exclusive, or
/// `DURATION:PnD`/`PnW`), yearly rules (`RRULE:FREQ=YEARLY`, with `COUNT`,
/// `UNTIL`, `INTERVAL`, and `BYMONTH` + `BYDAY=4TH` style rules), `EXDATE`,
/// moved or cancelled instances (`RECURRENCE-ID`) and `STATUS:CANCELLED`.
/// Events with a time of day are not holidays and are skipped; other rules
/// keep only their first occurrence. A malformed date is an error naming
/// its line.
pub fn parse_ics(text: &str) -> Result<Vec<NaiveDate>, String> {
    let events = read_events(text)?;
    // Instances replaced by a RECURRENCE-ID event, per UID.
    let mut replaced: BTreeMap<&str, BTreeSet<NaiveDate>> = BTreeMap::new();
    for e in &events {
        if let (Some(uid), Some(rid)) = (&e.uid, e.recurrence_id) {
            replaced.entry(uid.as_str()).or_default().insert(rid);
        }
    }
    let mut out = BTreeSet::new();
    for e in &events {
        if e.cancelled {
            continue;
        }
        let Some(Moment::Date(start)) = e.start else {
            continue;
        };
        let days = e.days(start)?;
        let mut starts = match (&e.rrule, e.recurrence_id) {
            (Some(rule), None) => rule.occurrences(start),
            _ => vec![start],
        };
        if e.recurrence_id.is_none() {
            let gone = e.uid.as_deref().and_then(|u| replaced.get(u));
            starts.retain(|s| !e.exdates.contains(s) && !gone.is_some_and(|g| g.contains(s)));
        }
        for s in starts {
            let mut d = s;
            for _ in 0..days {
                out.insert(d);
                match d.succ_opt() {
                    Some(next) => d = next,
                    None => break,
                }
            }
        }
    }
    Ok(out.into_iter().collect())
}

/// A DTSTART/DTEND value: a whole day, or a moment with a time of day.
#[derive(Debug, Clone, Copy)]
enum Moment {
    Date(NaiveDate),
    Timed,
}

#[derive(Debug, Default)]
struct Event {
    start: Option<Moment>,
    end: Option<Moment>,
    duration_days: Option<i64>,
    rrule: Option<Rule>,
    exdates: BTreeSet<NaiveDate>,
    uid: Option<String>,
    recurrence_id: Option<NaiveDate>,
    cancelled: bool,
    /// Where the event's DTSTART is, for error messages.
    start_line: usize,
}

impl Event {
    /// How many days each occurrence covers.
    fn days(&self, start: NaiveDate) -> Result<i64, String> {
        let days = match (self.end, self.duration_days) {
            (Some(Moment::Date(end)), _) => (end - start).num_days(),
            (_, Some(n)) => n,
            _ => 1,
        }
        .max(1);
        if days > MAX_EVENT_DAYS {
            return Err(format!(
                "line {}: an all-day event of {days} days; a holiday longer than a year is not supported",
                self.start_line
            ));
        }
        Ok(days)
    }
}

/// The supported shapes of a yearly rule.
#[derive(Debug, Clone)]
enum Pattern {
    /// The start's month and day every year (Feb 29 only in leap years).
    SameDay,
    /// The nth (from the end when negative) weekday of a month.
    NthWeekday {
        month: u32,
        weekday: Weekday,
        nth: i32,
    },
    /// Another frequency or shape: only DTSTART counts.
    Unsupported,
}

#[derive(Debug, Clone)]
struct Rule {
    /// The rule's parts, keys and values upper-cased.
    parts: BTreeMap<String, String>,
    interval: i32,
    count: Option<usize>,
    until: Option<NaiveDate>,
}

impl Rule {
    /// The start dates of the occurrences, in order, DTSTART first.
    fn occurrences(&self, start: NaiveDate) -> Vec<NaiveDate> {
        let last_year = (start.year() + RRULE_MIN_YEARS).max(RRULE_THROUGH_YEAR);
        let mut out = vec![start];
        let pattern = yearly_pattern(&self.parts, start);
        let mut year = start.year();
        while year <= last_year {
            let candidate = match pattern {
                Pattern::SameDay => NaiveDate::from_ymd_opt(year, start.month(), start.day()),
                Pattern::NthWeekday {
                    month,
                    weekday,
                    nth,
                } => nth_weekday(year, month, weekday, nth),
                Pattern::Unsupported => break,
            };
            if let Some(d) = candidate {
                if self.until.is_some_and(|u| d > u) {
                    break;
                }
                if d > start {
                    out.push(d);
                }
            }
            match year.checked_add(self.interval) {
                Some(next) => year = next,
                None => break,
            }
        }
        if let Some(n) = self.count {
            out.truncate(n);
        }
        out
    }
}

/// The `nth` `weekday` of `month` (`-1` is the last one), if there is one.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, nth: i32) -> Option<NaiveDate> {
    if nth > 0 {
        let n = u8::try_from(nth).ok()?;
        NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
    } else {
        let next_month = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        let last = next_month.pred_opt()?;
        let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        let d = last - Duration::days(i64::from(back)) - Duration::weeks(i64::from(-nth - 1));
        (d.month() == month).then_some(d)
    }
}

/// Unfolded content lines, each with the number of the physical line it
/// starts on.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ => lines.push((i + 1, raw.to_string())),
        }
    }
    lines
}

/// Split `NAME;PARAM=..:VALUE` into the upper-cased name and the value; a
/// colon inside a quoted parameter does not end the name part.
fn split_property(line: &str) -> Option<(String, &str)> {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => {
                let head = &line[..i];
                let name = head.split(';').next().unwrap_or(head);
                return Some((name.trim().to_ascii_uppercase(), &line[i + 1..]));
            }
            _ => {}
        }
    }
    None
}

fn read_events(text: &str) -> Result<Vec<Event>, String> {
    let mut events = Vec::new();
    // Open components, innermost last, with the line each began on.
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut current: Option<Event> = None;
    for (n, line) in unfold(text) {
        if line.trim().is_empty() {
            continue;
        }
        let Some((name, value)) = split_property(&line) else {
            continue;
        };
        let value = value.trim();
        match name.as_str() {
            "BEGIN" => {
                let comp = value.to_ascii_uppercase();
                if comp == "VEVENT" {
                    current = Some(Event::default());
                }
                stack.push((comp, n));
                continue;
            }
            "END" => {
                let comp = value.to_ascii_uppercase();
                match stack.pop() {
                    Some((open, _)) if open == comp => {}
                    _ => return Err(format!("line {n}: END:{value} without a matching BEGIN")),
                }
                if comp == "VEVENT" {
                    events.extend(current.take());
                }
                continue;
            }
            _ => {}
        }
        // Only the event's own properties, not those of an alarm inside it.
        let in_event = stack.last().is_some_and(|(c, _)| c == "VEVENT");
        let Some(e) = current.as_mut().filter(|_| in_event) else {
            continue;
        };
        match name.as_str() {
            "DTSTART" => {
                e.start = Some(parse_moment(value, n)?);
                e.start_line = n;
            }
            "DTEND" => e.end = Some(parse_moment(value, n)?),
            "DURATION" => e.duration_days = parse_duration_days(value),
            "RRULE" => e.rrule = Some(parse_rrule(value, n)?),
            "EXDATE" => {
                for v in value.split(',').filter(|v| !v.trim().is_empty()) {
                    e.exdates.insert(moment_date(v.trim(), n)?);
                }
            }
            "RECURRENCE-ID" => e.recurrence_id = Some(moment_date(value, n)?),
            "UID" => e.uid = Some(value.to_string()),
            "STATUS" => e.cancelled = value.eq_ignore_ascii_case("CANCELLED"),
            _ => {}
        }
    }
    if let Some((comp, line)) = stack.pop() {
        return Err(format!(
            "line {line}: BEGIN:{comp} is never closed (the file may be cut short)"
        ));
    }
    Ok(events)
}

/// `YYYYMMDD` is a whole day; `YYYYMMDDTHHMMSS[Z]` has a time of day.
fn parse_moment(v: &str, line: usize) -> Result<Moment, String> {
    let (date, timed) = parse_date_time(v, line)?;
    Ok(if timed {
        Moment::Timed
    } else {
        Moment::Date(date)
    })
}

/// The date part of a date or date-time value.
fn moment_date(v: &str, line: usize) -> Result<NaiveDate, String> {
    parse_date_time(v, line).map(|(date, _)| date)
}

/// The date of a `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]` value, and whether it
/// has a time of day.
fn parse_date_time(v: &str, line: usize) -> Result<(NaiveDate, bool), String> {
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let timed = match b.len() {
        8 if digits(0..8) => false,
        15 | 16
            if digits(0..8)
                && b[8] == b'T'
                && digits(9..15)
                && (b.len() == 15 || b[15] == b'Z') =>
        {
            true
        }
        _ => {
            return Err(format!(
                "line {line}: '{v}' is not a date (YYYYMMDD) or a date-time (YYYYMMDDTHHMMSS)"
            ))
        }
    };
    // All ASCII digits from here, so the slices and parses succeed.
    let num = |r: std::ops::Range<usize>| v[r].parse::<u32>().unwrap_or(0);
    let date = i32::try_from(num(0..4))
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, num(4..6), num(6..8)))
        .ok_or_else(|| format!("line {line}: '{v}' is not a calendar date"))?;
    Ok((date, timed))
}

/// `P3D` or `P2W` as days; other durations (hours, minutes) are ignored.
fn parse_duration_days(v: &str) -> Option<i64> {
    let rest = v.strip_prefix('+').unwrap_or(v).strip_prefix('P')?;
    if let Some(n) = rest.strip_suffix('D') {
        n.parse().ok()
    } else if let Some(n) = rest.strip_suffix('W') {
        n.parse::<i64>().ok().and_then(|w| w.checked_mul(7))
    } else {
        None
    }
}

fn parse_rrule(v: &str, line: usize) -> Result<Rule, String> {
    let mut parts: BTreeMap<String, String> = BTreeMap::new();
    for p in v.split(';').filter(|p| !p.is_empty()) {
        let (k, val) = p.split_once('=').unwrap_or((p, ""));
        parts.insert(
            k.trim().to_ascii_uppercase(),
            val.trim().to_ascii_uppercase(),
        );
    }
    let bad = |what: &str, val: &str| format!("line {line}: RRULE {what} '{val}' is not valid");
    let count = match parts.get("COUNT") {
        Some(c) => match c.parse::<usize>() {
            Ok(n) if n > 0 => Some(n),
            _ => return Err(bad("COUNT", c)),
        },
        None => None,
    };
    let interval = match parts.get("INTERVAL") {
        Some(i) => match i.parse::<i32>() {
            Ok(n) if n > 0 => n,
            _ => return Err(bad("INTERVAL", i)),
        },
        None => 1,
    };
    let until = match parts.get("UNTIL") {
        Some(u) => Some(moment_date(u, line)?),
        None => None,
    };
    Ok(Rule {
        parts,
        interval,
        count,
        until,
    })
}

/// Which yearly shape the rule describes for an event starting on `start`.
fn yearly_pattern(parts: &BTreeMap<String, String>, start: NaiveDate) -> Pattern {
    const KNOWN: [&str; 8] = [
        "FREQ",
        "COUNT",
        "UNTIL",
        "INTERVAL",
        "WKST",
        "BYMONTH",
        "BYMONTHDAY",
        "BYDAY",
    ];
    if parts.get("FREQ").map(String::as_str) != Some("YEARLY")
        || parts.keys().any(|k| !KNOWN.contains(&k.as_str()))
    {
        return Pattern::Unsupported;
    }
    // Lists ("11,12") do not parse as one number and fall to Unsupported.
    let month = parts.get("BYMONTH").map(|m| m.parse::<u32>().ok());
    let month_day = parts.get("BYMONTHDAY").map(|d| d.parse::<u32>().ok());
    match (month, month_day, parts.get("BYDAY")) {
        // Parts that only restate DTSTART's month and day.
        (None | Some(Some(_)), None | Some(Some(_)), None)
            if month.flatten().is_none_or(|m| m == start.month())
                && month_day.flatten().is_none_or(|d| d == start.day()) =>
        {
            Pattern::SameDay
        }
        (Some(Some(month @ 1..=12)), None, Some(by_day)) => match parse_byday(by_day) {
            Some((nth, weekday)) => Pattern::NthWeekday {
                month,
                weekday,
                nth,
            },
            None => Pattern::Unsupported,
        },
        _ => Pattern::Unsupported,
    }
}

/// `4TH`, `+1MO`, `-1MO`: one weekday with its position in the month.
fn parse_byday(v: &str) -> Option<(i32, Weekday)> {
    if v.len() < 3 || !v.is_ascii() {
        return None;
    }
    let (num, day) = v.split_at(v.len() - 2);
    let nth: i32 = num.strip_prefix('+').unwrap_or(num).parse().ok()?;
    if nth == 0 || !(-5..=5).contains(&nth) {
        return None;
    }
    let weekday = match day {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    };
    Some((nth, weekday))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;
    use std::collections::HashMap;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn dates(list: &[&str]) -> Vec<NaiveDate> {
        list.iter().map(|s| d(s)).collect()
    }

    /// Holidays used by the table: `all` on two Fridays and a Monday,
    /// regional ones on Mondays, a Friday, a Thursday and a Tuesday.
    fn calendar(weekend: &str) -> Calendar {
        let days: Vec<Weekday> = weekend
            .split(',')
            .map(|w| parse_weekday(w).unwrap())
            .collect();
        Calendar::new(&days)
            .unwrap()
            .with_holidays(None, dates(&["2027-01-01", "2027-12-24", "2027-12-27"]))
            .with_holidays(
                Some(Region::Americas),
                dates(&["2027-05-31", "2027-07-05", "2027-11-25"]),
            )
            .with_holidays(Some(Region::Emea), dates(&["2027-04-02", "2027-04-05"]))
            .with_holidays(Some(Region::Apj), dates(&["2027-12-28"]))
    }

    const AM: Option<Region> = Some(Region::Americas);
    const EM: Option<Region> = Some(Region::Emea);
    const AP: Option<Region> = Some(Region::Apj);

    #[rstest]
    // plain weeks
    #[case("sat,sun", None, "2027-03-10", 1, "2027-03-11")] // Wed -> Thu
    #[case("sat,sun", None, "2027-03-12", 1, "2027-03-15")] // Fri -> Mon
    #[case("sat,sun", None, "2027-03-13", 1, "2027-03-15")] // Sat -> Mon
    #[case("sat,sun", None, "2027-03-14", 1, "2027-03-15")] // Sun -> Mon
    #[case("sat,sun", None, "2027-03-10", 0, "2027-03-10")] // n = 0
    #[case("sat,sun", None, "2027-03-13", 0, "2027-03-13")] // n = 0 on a weekend day
    #[case("sat,sun", None, "2027-12-24", 0, "2027-12-24")] // n = 0 on a holiday
    #[case("sat,sun", None, "2027-03-10", 3, "2027-03-15")] // Thu, Fri, Mon
    #[case("sat,sun", None, "2027-03-12", 3, "2027-03-17")] // Mon, Tue, Wed
    #[case("sat,sun", None, "2027-03-01", 20, "2027-03-29")] // four whole weeks
    // year ends, leap day
    #[case("sat,sun", None, "2027-12-31", 1, "2028-01-03")]
    #[case("sat,sun", AM, "2026-12-31", 1, "2027-01-04")] // New Year (all) on a Friday
    #[case("sat,sun", None, "2028-02-28", 1, "2028-02-29")]
    // `all` holidays on a Friday and the Monday after
    #[case("sat,sun", None, "2027-12-23", 1, "2027-12-28")]
    #[case("sat,sun", None, "2027-12-24", 1, "2027-12-28")] // from a holiday
    #[case("sat,sun", None, "2027-12-25", 1, "2027-12-28")] // from a weekend day
    #[case("sat,sun", None, "2027-12-23", 3, "2027-12-30")]
    #[case("sat,sun", EM, "2027-12-23", 1, "2027-12-28")] // `all` applies to regions
    #[case("sat,sun", AP, "2027-12-23", 1, "2027-12-29")] // ... plus their own
    // regional holidays apply to their region only
    #[case("sat,sun", EM, "2027-04-01", 1, "2027-04-06")] // Good Friday, Easter Monday
    #[case("sat,sun", EM, "2027-04-02", 1, "2027-04-06")] // from the holiday itself
    #[case("sat,sun", AM, "2027-04-01", 1, "2027-04-02")]
    #[case("sat,sun", None, "2027-04-01", 1, "2027-04-02")] // no region: `all` only
    #[case("sat,sun", AM, "2027-05-28", 1, "2027-06-01")] // Monday holiday
    #[case("sat,sun", EM, "2027-05-28", 1, "2027-05-31")]
    #[case("sat,sun", AM, "2027-07-02", 3, "2027-07-08")] // Tue, Wed, Thu
    #[case("sat,sun", AM, "2027-11-24", 1, "2027-11-26")] // Thursday holiday
    #[case("sat,sun", AM, "2027-11-24", 3, "2027-11-30")]
    // a Friday-Saturday weekend
    #[case("fri,sat", None, "2027-03-11", 1, "2027-03-14")] // Thu -> Sun
    #[case("fri,sat", None, "2027-03-12", 1, "2027-03-14")] // Fri -> Sun
    #[case("fri,sat", None, "2027-03-14", 1, "2027-03-15")] // Sun -> Mon
    #[case("fri,sat", None, "2027-12-23", 1, "2027-12-26")] // holiday Fri is a weekend day anyway
    #[case("fri,sat", EM, "2027-04-01", 1, "2027-04-04")] // Sun before Easter Monday
    #[case("fri,sat", EM, "2027-04-01", 2, "2027-04-06")]
    fn nth_business_day(
        #[case] weekend: &str,
        #[case] region: Option<Region>,
        #[case] from: &str,
        #[case] n: u32,
        #[case] want: &str,
    ) {
        let cal = calendar(weekend);
        assert_eq!(
            cal.add_business_days(region, d(from), n),
            d(want),
            "{n} business days after {from} ({region:?}, weekend {weekend})"
        );
    }

    #[rstest]
    #[case(None, "2027-12-24", false)]
    #[case(None, "2027-12-28", true)]
    #[case(AP, "2027-12-28", false)]
    #[case(EM, "2027-04-05", false)]
    #[case(AM, "2027-04-05", true)]
    #[case(None, "2027-03-13", false)]
    fn business_days(#[case] region: Option<Region>, #[case] day: &str, #[case] want: bool) {
        assert_eq!(calendar("sat,sun").is_business_day(region, d(day)), want);
    }

    #[test]
    fn first_business_day_after_is_one_day_on() {
        let cal = calendar("sat,sun");
        assert_eq!(
            cal.first_business_day_after(EM, d("2027-04-01")),
            d("2027-04-06")
        );
    }

    #[test]
    fn a_week_of_weekend_is_refused() {
        let all = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        assert_eq!(Calendar::new(&all), Err(CalendarError::NoBusinessDays));
        let six = Calendar::new(&all[1..]).unwrap();
        // Only Mondays are left.
        assert_eq!(
            six.add_business_days(None, d("2027-03-10"), 2),
            d("2027-03-22")
        );
        assert_eq!(Calendar::new(&[]).unwrap().weekend, [false; 7]);
    }

    #[test]
    fn the_last_date_does_not_panic() {
        let cal = Calendar::default();
        assert_eq!(
            cal.add_business_days(None, NaiveDate::MAX, 5),
            NaiveDate::MAX
        );
    }

    // -- from_config --------------------------------------------------------

    fn config(text: &str) -> Config {
        Config::parse(text, Path::new("test.toml")).unwrap()
    }

    fn reader(files: &[(&str, &str)]) -> impl Fn(&Path) -> std::io::Result<String> {
        let files: HashMap<PathBuf, String> = files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.to_string()))
            .collect();
        move |p: &Path| {
            files
                .get(p)
                .cloned()
                .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
        }
    }

    const XMAS_ICS: &str =
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20271227\nEND:VEVENT\nEND:VCALENDAR\n";

    #[test]
    fn from_config_reads_weekend_holidays_and_ics() {
        let cfg = config(
            "[calendar]\nweekend = [\"Fri\", \"sat\"]\n\
             [calendar.holidays]\nall = [\"2027-01-03\"]\napj = [\"2027-01-04\"]\n\
             [calendar.ics]\nemea = \"emea.ics\"\namer = \"/abs/amer.ics\"\n",
        );
        let read = reader(&[("/cfg/emea.ics", XMAS_ICS), ("/abs/amer.ics", "")]);
        let cal = Calendar::from_config(&cfg, Path::new("/cfg"), read).unwrap();
        assert!(cal.is_weekend(d("2027-01-01")), "a Friday");
        assert!(
            !cal.is_weekend(d("2027-01-02").succ_opt().unwrap()),
            "a Sunday"
        );
        assert!(cal.is_holiday(None, d("2027-01-03")));
        assert!(cal.is_holiday(AP, d("2027-01-04")));
        assert!(!cal.is_holiday(EM, d("2027-01-04")));
        assert!(cal.is_holiday(EM, d("2027-12-27")));
        assert!(!cal.is_holiday(AM, d("2027-12-27")));
    }

    #[test]
    fn from_config_defaults() {
        let cal = Calendar::from_config(&config(""), Path::new("."), reader(&[])).unwrap();
        assert_eq!(cal, Calendar::default());
    }

    #[test]
    fn from_config_errors_name_the_file() {
        let cfg = config("[calendar.ics]\nall = \"h.ics\"\n");
        let e = Calendar::from_config(&cfg, Path::new("/cfg"), reader(&[])).unwrap_err();
        assert!(matches!(e, CalendarError::IcsRead { .. }), "{e:?}");
        assert!(e.to_string().contains("/cfg/h.ics"), "{e}");

        let bad = "BEGIN:VEVENT\nDTSTART;VALUE=DATE:2027-12-25\nEND:VEVENT\n";
        let e = Calendar::from_config(&cfg, Path::new("/cfg"), reader(&[("/cfg/h.ics", bad)]))
            .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("calendar.ics.all") && msg.contains("/cfg/h.ics"),
            "{msg}"
        );
        assert!(msg.contains("line 2"), "{msg}");

        let cfg = config(
            "[calendar]\nweekend = [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"]\n",
        );
        assert_eq!(
            Calendar::from_config(&cfg, Path::new("."), reader(&[])),
            Err(CalendarError::NoBusinessDays)
        );
    }

    // -- invariants ---------------------------------------------------------

    fn day(offset: i64) -> NaiveDate {
        d("2020-01-01") + Duration::days(offset)
    }

    const REGIONS: [Option<Region>; 4] = [None, AM, EM, AP];

    proptest! {
        #[test]
        fn nth_business_day_invariants(
            start in 0i64..(15 * 366),
            n in 1u32..30,
            m in 0u32..30,
            holidays in prop::collection::vec((0i64..(17 * 366), 0usize..4), 0..150),
            weekend_mask in 0u8..127,
            region_ix in 0usize..4,
        ) {
            let weekend: Vec<Weekday> = (0..7u8)
                .filter(|i| weekend_mask & (1 << i) != 0)
                .filter_map(|i| Weekday::try_from(i).ok())
                .collect();
            let mut cal = Calendar::new(&weekend).unwrap();
            for (offset, r) in holidays {
                cal = cal.with_holidays(REGIONS[r], [day(offset)]);
            }
            let region = REGIONS[region_ix];
            let from = day(start);
            let got = cal.add_business_days(region, from, n);
            prop_assert!(got > from);
            prop_assert!(cal.is_business_day(region, got));
            let between = from
                .iter_days()
                .skip(1)
                .take_while(|x| *x < got)
                .filter(|x| cal.is_business_day(region, *x))
                .count();
            prop_assert_eq!(between, n as usize - 1);
            // Counting on from the result is the same as counting further.
            prop_assert_eq!(
                cal.add_business_days(region, got, m),
                cal.add_business_days(region, from, n + m)
            );
        }
    }

    // -- iCalendar ----------------------------------------------------------

    fn ics(events: &str) -> String {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n")
    }

    fn event(props: &str) -> String {
        format!("BEGIN:VEVENT\r\nUID:x@test\r\n{props}END:VEVENT\r\n")
    }

    #[test]
    fn ics_all_day_events_with_crlf() {
        let text = ics(
            &(event("DTSTART;VALUE=DATE:20271225\r\nSUMMARY:Christmas\r\n")
                + &event("DTSTART;VALUE=DATE:20270101\r\n")),
        );
        assert_eq!(
            parse_ics(&text).unwrap(),
            dates(&["2027-01-01", "2027-12-25"])
        );
    }

    #[test]
    fn ics_bare_date_and_lf_only() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270704\nEND:VEVENT\nEND:VCALENDAR";
        assert_eq!(parse_ics(text).unwrap(), dates(&["2027-07-04"]));
    }

    #[test]
    fn ics_folded_lines() {
        // A property split across lines with a space, then with a tab.
        let text = ics(&(event(
            "SUMMARY:A very long hol\r\n iday name\r\nDTSTART;VALUE=\r\n DATE:2027\r\n\t1225\r\n",
        ) + &event(
            "DTSTART;TZID=\"Europe/Paris:odd\";VALUE=DATE-TIME:\r\n 20271226T090000\r\n",
        )));
        assert_eq!(parse_ics(&text).unwrap(), dates(&["2027-12-25"]));
    }

    #[test]
    fn ics_multi_day_events() {
        let text = ics(
            &(event("DTSTART;VALUE=DATE:20271224\r\nDTEND;VALUE=DATE:20271227\r\n")
                + &event("DTSTART;VALUE=DATE:20280101\r\nDTEND;VALUE=DATE:20280101\r\n")
                + &event("DTSTART;VALUE=DATE:20280301\r\nDURATION:P2D\r\n")
                + &event("DTSTART;VALUE=DATE:20280401\r\nDTEND;VALUE=DATE:20280402\r\n")),
        );
        assert_eq!(
            parse_ics(&text).unwrap(),
            dates(&[
                "2027-12-24",
                "2027-12-25",
                "2027-12-26",
                "2028-01-01",
                "2028-03-01",
                "2028-03-02",
                "2028-04-01",
            ])
        );
    }

    #[test]
    fn ics_timed_events_are_not_holidays() {
        let text = ics(&(event("DTSTART:20271225T090000Z\r\nDTEND:20271225T170000Z\r\n")
            + &event("DTSTART;TZID=America/New_York:20271226T090000\r\n")
            + &event("DTSTART;VALUE=DATE:20271227\r\nBEGIN:VALARM\r\nTRIGGER:-PT15M\r\nDTSTART:20271201T000000Z\r\nEND:VALARM\r\n")
            + "BEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\nDTSTART:19701025\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"));
        assert_eq!(parse_ics(&text).unwrap(), dates(&["2027-12-27"]));
    }

    #[test]
    fn ics_yearly_rule() {
        let text = ics(&event(
            "DTSTART;VALUE=DATE:20271225\r\nRRULE:FREQ=YEARLY\r\n",
        ));
        let got = parse_ics(&text).unwrap();
        assert_eq!(got.first(), Some(&d("2027-12-25")));
        assert!(got.contains(&d("2057-12-25")), "30 years on");
        assert!(got.iter().all(|x| x.month() == 12 && x.day() == 25));
        assert_eq!(got.len(), (2027..=RRULE_THROUGH_YEAR).count());

        // A rule from long ago still reaches today's years.
        let text = ics(&event(
            "DTSTART;VALUE=DATE:19700101\r\nRRULE:FREQ=YEARLY\r\n",
        ));
        assert!(parse_ics(&text).unwrap().contains(&d("2031-01-01")));
        // ... and one starting late still runs 30 years.
        let text = ics(&event(
            "DTSTART;VALUE=DATE:20900101\r\nRRULE:FREQ=YEARLY\r\n",
        ));
        assert_eq!(parse_ics(&text).unwrap().last(), Some(&d("2120-01-01")));
    }

    #[rstest]
    #[case("20271225", "FREQ=YEARLY;COUNT=3", &["2027-12-25", "2028-12-25", "2029-12-25"])]
    #[case("20271225", "FREQ=YEARLY;UNTIL=20291225", &["2027-12-25", "2028-12-25", "2029-12-25"])]
    #[case("20271225", "FREQ=YEARLY;UNTIL=20291224T235959Z", &["2027-12-25", "2028-12-25"])]
    #[case("20271225", "FREQ=YEARLY;INTERVAL=2;COUNT=3", &["2027-12-25", "2029-12-25", "2031-12-25"])]
    #[case("20271225", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25;COUNT=2", &["2027-12-25", "2028-12-25"])]
    #[case("20271125", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=3", &["2027-11-25", "2028-11-23", "2029-11-22"])]
    #[case("20270531", "FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO;COUNT=3", &["2027-05-31", "2028-05-29", "2029-05-28"])]
    #[case("20280229", "FREQ=YEARLY;UNTIL=20361231", &["2028-02-29", "2032-02-29", "2036-02-29"])]
    #[case("20271225", "FREQ=WEEKLY;COUNT=3", &["2027-12-25"])]
    #[case("20271225", "FREQ=YEARLY;BYMONTH=1", &["2027-12-25"])]
    #[case("20271225", "FREQ=YEARLY;BYYEARDAY=1", &["2027-12-25"])]
    #[case("20271225", "FREQ=YEARLY;UNTIL=20201225", &["2027-12-25"])]
    fn ics_rules(#[case] start: &str, #[case] rule: &str, #[case] want: &[&str]) {
        let text = ics(&event(&format!(
            "DTSTART;VALUE=DATE:{start}\r\nRRULE:{rule}\r\n"
        )));
        assert_eq!(parse_ics(&text).unwrap(), dates(want), "{rule}");
    }

    #[test]
    fn ics_exceptions_moves_and_cancellations() {
        let text = ics(&(event(
            "DTSTART;VALUE=DATE:20271225\r\nRRULE:FREQ=YEARLY;COUNT=4\r\nEXDATE;VALUE=DATE:20281225,20291225\r\n",
        ) + &event("RECURRENCE-ID;VALUE=DATE:20301225\r\nDTSTART;VALUE=DATE:20301224\r\n")
            + &event("DTSTART;VALUE=DATE:20271111\r\nSTATUS:CANCELLED\r\n")));
        // The master's UID is shared by the override (event() reuses it).
        assert_eq!(
            parse_ics(&text).unwrap(),
            dates(&["2027-12-25", "2030-12-24"])
        );
    }

    #[rstest]
    #[case("DTSTART;VALUE=DATE:20271332\r\n", 6)]
    #[case("DTSTART;VALUE=DATE:2027-12-25\r\n", 6)]
    #[case("DTSTART;VALUE=DATE:20271225\r\nDTEND;VALUE=DATE:2027122\r\n", 7)]
    #[case("DTSTART;VALUE=DATE:20271225\r\nRRULE:FREQ=YEARLY;UNTIL=soon\r\n", 7)]
    #[case("DTSTART;VALUE=DATE:20271225\r\nRRULE:FREQ=YEARLY;COUNT=0\r\n", 7)]
    #[case("SUMMARY:x\r\n  y\r\nDTSTART;VALUE=\r\n DATE:20270230\r\n", 8)]
    #[case("DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20290101\r\n", 6)]
    fn ics_malformed_names_the_line(#[case] props: &str, #[case] line: usize) {
        let e = parse_ics(&ics(&event(props))).unwrap_err();
        assert!(e.starts_with(&format!("line {line}:")), "{e}");
    }

    #[test]
    fn ics_extreme_values_do_not_panic() {
        for props in [
            "DTSTART;VALUE=DATE:20271225\r\nRRULE:FREQ=YEARLY;INTERVAL=2147483647\r\n",
            "DTSTART;VALUE=DATE:20271225\r\nDURATION:P9223372036854775807W\r\n",
            "DTSTART;VALUE=DATE:20271225\r\nDURATION:P-3D\r\n",
            "DTSTART;VALUE=DATE:00000101\r\nRRULE:FREQ=YEARLY;COUNT=99999999999\r\n",
            "DTSTART;VALUE=DATE:99991231\r\nDTEND;VALUE=DATE:99991230\r\nRRULE:FREQ=YEARLY\r\n",
            "DTSTART;VALUE=DATE:20271225\r\nRRULE:FREQ=YEARLY;BYMONTH=13;BYDAY=-9XX\r\n",
            "DTSTART;VALUE=DATE:2027122\u{e9}\r\n",
        ] {
            let _ = parse_ics(&ics(&event(props)));
        }
        let text = ics(&event(
            "DTSTART;VALUE=DATE:20271225\r\nRRULE:FREQ=YEARLY;INTERVAL=2147483647\r\n",
        ));
        assert_eq!(parse_ics(&text).unwrap(), dates(&["2027-12-25"]));
    }

    #[test]
    fn ics_broken_structure() {
        let e = parse_ics("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20271225\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("never closed"), "{e}");
        let e = parse_ics("BEGIN:VCALENDAR\nEND:VEVENT\n").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        assert_eq!(parse_ics("").unwrap(), vec![]);
        assert_eq!(
            parse_ics("\u{feff}BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").unwrap(),
            vec![]
        );
    }
}
