//! The report's trend: how many tenants reached each stage of the funnel in
//! each of the last twelve weeks (weeks start on Monday; the last is the
//! week of today). A tenant reaches a stage the first day it is recorded
//! there: added (`new`), the first e-mail to a party, the first answer of
//! any party, a decline included (`answered`), the first assignment
//! (`assigned`).

use chrono::{Datelike, Days, NaiveDate};

/// The stages the trend follows, in the funnel's order.
pub const STAGES: [&str; 6] = [
    "new",
    "account-team",
    "partner",
    "customer",
    "answered",
    "assigned",
];

/// How many weeks the trend covers.
pub const WEEKS: usize = 12;

/// Tenants reaching each stage, week by week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    /// The Monday of each week, oldest first.
    pub weeks: Vec<NaiveDate>,
    /// For each of `STAGES`, a count per week.
    pub counts: Vec<(&'static str, Vec<u64>)>,
}

/// The Monday of `d`'s week.
pub fn monday(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_monday()))
}

/// The first day the trend counts.
pub fn first_day(today: NaiveDate) -> NaiveDate {
    monday(today) - Days::new(7 * (WEEKS as u64 - 1))
}

/// Count the days stages were reached (stage, day); days outside the
/// twelve weeks, after today, or of another stage are left out.
pub fn trend<'a>(
    today: NaiveDate,
    reached: impl IntoIterator<Item = (&'a str, NaiveDate)>,
) -> Trend {
    let first = first_day(today);
    let weeks: Vec<NaiveDate> = (0..WEEKS as u64)
        .map(|i| first + Days::new(7 * i))
        .collect();
    let mut counts: Vec<(&'static str, Vec<u64>)> =
        STAGES.iter().map(|s| (*s, vec![0; WEEKS])).collect();
    for (stage, day) in reached {
        if day < first || day > today {
            continue;
        }
        let week = ((day - first).num_days() / 7) as usize;
        if let Some((_, c)) = counts.iter_mut().find(|(s, _)| *s == stage) {
            c[week] += 1;
        }
    }
    Trend { weeks, counts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn days_fall_in_their_monday_weeks() {
        // 2027-07-07 is a Wednesday; its week starts on Monday 5 July.
        let today = d("2027-07-07");
        let t = trend(
            today,
            [
                ("new", d("2027-07-05")),
                ("new", d("2027-07-07")),
                ("new", d("2027-07-08")),      // after today
                ("customer", d("2027-07-04")), // the Sunday before: week 11
                ("assigned", d("2027-04-19")), // the first Monday
                ("assigned", d("2027-04-18")), // before it
                ("nonsense", d("2027-07-05")),
            ],
        );
        assert_eq!(t.weeks.len(), 12);
        assert_eq!(t.weeks[0], d("2027-04-19"));
        assert_eq!(t.weeks[11], d("2027-07-05"));
        let of = |s: &str| &t.counts.iter().find(|(x, _)| *x == s).unwrap().1;
        assert_eq!(of("new")[11], 2);
        assert_eq!(of("customer")[10], 1);
        assert_eq!(of("assigned")[0], 1);
        assert_eq!(of("assigned").iter().sum::<u64>(), 1);
        assert_eq!(of("partner").iter().sum::<u64>(), 0);
    }
}
