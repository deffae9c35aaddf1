//! An e-mail draft of a cadence step (SPEC 3.3 `cadence draft`): the
//! template language, the languages' ways of writing dates and lists,
//! which language a step is written in, when the reply is due, and which
//! e-mails answer which (seed 004: the second and third customer e-mails
//! are a "reply all" to the first).
//!
//! A template is text with placeholders (`{customer}`); a line that is
//! exactly `{if NAME}` starts a block kept only when NAME has a value, and
//! a line `{end}` ends it. `{{` and `}}` are literal braces. The first line
//! is `Subject: ...`, then an empty line, then the body.

use super::cadence::{BusinessDays, Party, Step};
use super::contact::{Contact, ContactKind};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

/// What a template may say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Customer,
    Domain,
    Workloads,
    Fm,
    ReplyBy,
    CandidatePartners,
    Partner,
    ToNames,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Customer,
        Field::Domain,
        Field::Workloads,
        Field::Fm,
        Field::ReplyBy,
        Field::CandidatePartners,
        Field::Partner,
        Field::ToNames,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Customer => "customer",
            Field::Domain => "domain",
            Field::Workloads => "workloads",
            Field::Fm => "fm",
            Field::ReplyBy => "reply_by",
            Field::CandidatePartners => "candidate_partners",
            Field::Partner => "partner",
            Field::ToNames => "to_names",
        }
    }

    fn named(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(Field),
}

/// One line of text with its placeholders.
type Text = Vec<Piece>;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Line(Text),
    /// Lines kept only when the field has a value.
    If(Field, Vec<Text>),
}

/// A parsed template: every placeholder known, every block closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    subject: Text,
    body: Vec<Block>,
}

fn unknown(name: &str) -> String {
    let known: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
    format!(
        "unknown placeholder {{{name}}} (known: {})",
        known.join(", ")
    )
}

fn parse_text(line: &str) -> Result<Text, String> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = line;
    while let Some(i) = rest.find(['{', '}']) {
        text.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            text.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let Some(after) = tail.strip_prefix('{') {
            let Some(end) = after.find('}') else {
                return Err(format!("a '{{' without its '}}' in: {line}"));
            };
            let name = &after[..end];
            let field = Field::named(name).ok_or_else(|| unknown(name))?;
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(Piece::Field(field));
            rest = &after[end + 1..];
        } else {
            return Err(format!(
                "a '}}' without its '{{' in: {line} (write }}}} for a brace)"
            ));
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

/// Parse a template's text. The error says what is wrong and on which line.
pub fn parse_template(text: &str) -> Result<Template, String> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let subject = match lines.next() {
        Some((_, l)) => match l.strip_prefix("Subject:") {
            Some(s) => parse_text(s.trim()).map_err(|e| format!("line 1: {e}"))?,
            None => return Err("line 1: the first line must be 'Subject: ...'".into()),
        },
        None => return Err("the template is empty (its first line must be 'Subject: ...')".into()),
    };
    match lines.next() {
        None => {}
        Some((_, "")) => {}
        Some((n, _)) => return Err(format!("line {n}: an empty line must follow the subject")),
    }
    let mut body = Vec::new();
    let mut open: Option<(usize, Field, Vec<Text>)> = None;
    for (n, line) in lines {
        let t = line.trim();
        if let Some(name) = t.strip_prefix("{if ").and_then(|r| r.strip_suffix('}')) {
            if let Some((at, _, _)) = open {
                return Err(format!(
                    "line {n}: an {{if}} inside the {{if}} of line {at}"
                ));
            }
            let field = Field::named(name.trim())
                .ok_or_else(|| format!("line {n}: {}", unknown(name.trim())))?;
            open = Some((n, field, Vec::new()));
        } else if t == "{end}" {
            match open.take() {
                Some((_, field, lines)) => body.push(Block::If(field, lines)),
                None => return Err(format!("line {n}: an {{end}} without its {{if}}")),
            }
        } else {
            let text = parse_text(line).map_err(|e| format!("line {n}: {e}"))?;
            match &mut open {
                Some((_, _, lines)) => lines.push(text),
                None => body.push(Block::Line(text)),
            }
        }
    }
    if let Some((at, _, _)) = open {
        return Err(format!("line {at}: the {{if}} is never closed by {{end}}"));
    }
    Ok(Template { subject, body })
}

/// The values of the placeholders, already written in the draft's language.
#[derive(Debug, Clone, Default)]
pub struct Values {
    pub customer: String,
    pub domain: String,
    pub workloads: String,
    pub fm: String,
    pub reply_by: String,
    pub candidate_partners: String,
    pub partner: String,
    pub to_names: String,
}

impl Values {
    fn get(&self, f: Field) -> &str {
        match f {
            Field::Customer => &self.customer,
            Field::Domain => &self.domain,
            Field::Workloads => &self.workloads,
            Field::Fm => &self.fm,
            Field::ReplyBy => &self.reply_by,
            Field::CandidatePartners => &self.candidate_partners,
            Field::Partner => &self.partner,
            Field::ToNames => &self.to_names,
        }
    }

    fn write(&self, text: &Text, out: &mut String) {
        for p in text {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(f) => out.push_str(self.get(*f)),
            }
        }
    }
}

impl Template {
    /// The subject and the body, filled in. The body ends with one newline.
    pub fn fill(&self, v: &Values) -> (String, String) {
        let mut subject = String::new();
        v.write(&self.subject, &mut subject);
        let mut body = String::new();
        for b in &self.body {
            match b {
                Block::Line(t) => {
                    v.write(t, &mut body);
                    body.push('\n');
                }
                Block::If(f, lines) if !v.get(*f).trim().is_empty() => {
                    for t in lines {
                        v.write(t, &mut body);
                        body.push('\n');
                    }
                }
                Block::If(..) => {}
            }
        }
        // Blank lines left by a dropped block, and at either end, go.
        let mut tidy = String::with_capacity(body.len());
        for line in body.trim().lines() {
            if line.trim().is_empty() && (tidy.is_empty() || tidy.ends_with("\n\n")) {
                continue;
            }
            tidy.push_str(line.trim_end());
            tidy.push('\n');
        }
        (subject.trim().to_string(), tidy)
    }
}

/// How a language writes dates and lists (`language.toml` beside its
/// templates).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The English name, as a survey language is written (`German`).
    pub name: String,
    /// A date: `{weekday}`, `{day}`, `{month}`, `{year}`.
    pub date: String,
    pub months: Vec<String>,
    /// Monday first.
    pub weekdays: Vec<String>,
    pub list_separator: String,
    pub list_and: String,
    /// What `{workloads}` says when no workload is known.
    pub all_workloads: String,
}

impl Language {
    /// Parse and check a `language.toml`.
    pub fn parse(text: &str) -> Result<Language, String> {
        let l: Language = toml::from_str(text).map_err(|e| e.message().to_string())?;
        if l.months.len() != 12 {
            return Err(format!("'months' has {} names, not 12", l.months.len()));
        }
        if l.weekdays.len() != 7 {
            return Err(format!(
                "'weekdays' has {} names, not 7 (Monday first)",
                l.weekdays.len()
            ));
        }
        let mut rest = l.date.as_str();
        while let Some(i) = rest.find('{') {
            let Some(end) = rest[i..].find('}') else {
                return Err("'date' has a '{' without its '}'".into());
            };
            let name = &rest[i + 1..i + end];
            if !["weekday", "day", "month", "year"].contains(&name) {
                return Err(format!(
                    "'date' has an unknown part {{{name}}} (known: weekday, day, month, year)"
                ));
            }
            rest = &rest[i + end + 1..];
        }
        Ok(l)
    }

    /// A date the way the language writes it.
    pub fn date(&self, d: NaiveDate) -> String {
        let month = &self.months[d.month0() as usize];
        let weekday = &self.weekdays[d.weekday().num_days_from_monday() as usize];
        self.date
            .replace("{weekday}", weekday)
            .replace("{day}", &d.day().to_string())
            .replace("{month}", month)
            .replace("{year}", &d.year().to_string())
    }

    /// `a`, `a and b`, `a, b and c`.
    pub fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [head @ .., last] => {
                format!("{}{}{last}", head.join(&self.list_separator), self.list_and)
            }
        }
    }
}

/// The language `wanted` names among those with templates: its code or
/// its English name, in any case; a regional form counts as its language
/// (`pt-BR`, `pt_BR`, `Portuguese (Brazil)`).
pub fn pick_language<'a>(
    wanted: &str,
    available: &'a [(String, Language)],
) -> Option<&'a (String, Language)> {
    let w = wanted.trim();
    let base = w.split(['-', '_', ' ', '(']).next().unwrap_or(w).trim();
    let is = |x: &str, code: &str, l: &Language| {
        x.eq_ignore_ascii_case(code) || x.eq_ignore_ascii_case(&l.name)
    };
    available
        .iter()
        .find(|(code, l)| is(w, code, l))
        .or_else(|| available.iter().find(|(code, l)| is(base, code, l)))
}

/// The language of a draft: the one asked for (None when none has
/// templates), else the survey language when it has templates, else
/// English; with a note when a survey language had to give way.
pub fn choose_language<'a>(
    asked: Option<&str>,
    survey: Option<&str>,
    available: &'a [(String, Language)],
) -> Option<(&'a (String, Language), Option<String>)> {
    if let Some(a) = asked {
        return pick_language(a, available).map(|l| (l, None));
    }
    if let Some(found) = survey.and_then(|s| pick_language(s, available)) {
        return Some((found, None));
    }
    let note = survey.map(|s| {
        format!("no templates in {s} (the customer's survey language): written in English; --lang chooses")
    });
    pick_language("en", available).map(|l| (l, note))
}

/// The workloads an e-mail names (slugs): those with DIBS, else those the
/// customer's contacts work on, else those with usage.
pub fn workloads_named<'a>(
    dibs: &'a [super::dibs::WorkloadDibs],
    contacts: &'a [Contact],
    usage: &'a [super::usage::Usage],
) -> Vec<&'a str> {
    let mut slugs: Vec<&str> = dibs.iter().map(|d| d.workload.as_str()).collect();
    if slugs.is_empty() {
        slugs = contacts
            .iter()
            .filter(|c| c.kind == ContactKind::Customer)
            .flat_map(|c| c.services.iter().map(String::as_str))
            .collect();
    }
    if slugs.is_empty() {
        slugs = usage.iter().map(|u| u.workload.as_str()).collect();
    }
    slugs.sort_unstable();
    slugs.dedup();
    slugs
}

/// The subject of a step's e-mail: a reply's carries "RE: ".
pub fn subject_of(step: &Step, subject: String) -> String {
    match replies_to(step) {
        Some(_) => format!("RE: {subject}"),
        None => subject,
    }
}

/// The language a step is written in when none is asked for: a customer
/// e-mail in the survey language of the first customer written to that
/// has one; anything else in English. Returns the survey language named
/// (which may have no templates).
pub fn default_language<'c>(
    step: &Step,
    to: &[String],
    contacts: &'c [Contact],
) -> Option<&'c str> {
    if step.party != Party::Customer {
        return None;
    }
    to.iter().find_map(|email| {
        contacts
            .iter()
            .find(|c| c.kind == ContactKind::Customer && c.email.eq_ignore_ascii_case(email))
            .and_then(|c| c.survey_language.as_deref())
            .filter(|l| !l.trim().is_empty())
    })
}

/// The day the reply is asked for: the step's response window, counted
/// from the day it is sent (its due date, or today when that has passed).
pub fn reply_by(
    step: &Step,
    today: NaiveDate,
    response_days: u32,
    cal: &dyn BusinessDays,
) -> NaiveDate {
    cal.after(step.due_on.max(today), response_days)
}

/// The e-mail a step answers: the second and third customer e-mails are a
/// "reply all" to the first (seed 004).
pub fn replies_to(step: &Step) -> Option<(Party, u32)> {
    (step.party == Party::Customer && step.attempt > 1).then_some((Party::Customer, 1))
}

/// The Message-ID of a step's e-mail, the same each time it is drafted in
/// one engagement (so a later step can answer it): party, attempt and the
/// day the cadence started, at the tenant's domain.
pub fn message_id(domain: &str, started: NaiveDate, party: Party, attempt: u32) -> String {
    format!(
        "ftc.{}-{attempt}.{}@{}",
        party.as_str(),
        started.format("%Y%m%d"),
        domain.to_ascii_lowercase()
    )
}

/// A contact's name for an address line, or nothing when the name is the
/// address itself or empty.
pub fn display_name<'c>(email: &str, contacts: &'c [Contact]) -> Option<&'c str> {
    contacts
        .iter()
        .find(|c| c.email.eq_ignore_ascii_case(email))
        .map(|c| c.name.trim())
        .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case(email))
}

/// A `mailto:` URL (RFC 6068): the recipients, copies, subject and body.
pub fn mailto(
    to: &[String],
    cc: &[String],
    subject: &str,
    body: &str,
    in_reply_to: Option<&str>,
) -> String {
    fn enc(s: &str, out: &mut String) {
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    let mut url = String::from("mailto:");
    for (i, t) in to.iter().enumerate() {
        if i > 0 {
            url.push(',');
        }
        // An address keeps its '@'.
        let (local, host) = t.split_once('@').unwrap_or((t, ""));
        enc(local, &mut url);
        url.push('@');
        enc(host, &mut url);
    }
    let mut sep = '?';
    if !cc.is_empty() {
        url.push_str("?cc=");
        enc(&cc.join(","), &mut url);
        sep = '&';
    }
    url.push(sep);
    url.push_str("subject=");
    enc(subject, &mut url);
    url.push_str("&body=");
    // Line breaks in a mailto body are CRLF (RFC 6068 section 5).
    enc(&body.replace('\n', "\r\n"), &mut url);
    // A reply names the message it answers (RFC 6068 section 6.1).
    if let Some(id) = in_reply_to {
        url.push_str("&In-Reply-To=");
        enc(&format!("<{id}>"), &mut url);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cadence::Via;

    fn values() -> Values {
        Values {
            customer: "Müller GmbH".into(),
            fm: "Alice".into(),
            ..Default::default()
        }
    }

    #[test]
    fn placeholders_blocks_and_braces_are_filled() {
        let t = parse_template(
            "Subject: FastTrack for {customer}\n\nHello,\n\n{if partner}\nWith {partner}.\n{end}\n\n{{not a field}} from {fm}\n",
        )
        .unwrap();
        let (s, b) = t.fill(&values());
        assert_eq!(s, "FastTrack for Müller GmbH");
        assert_eq!(b, "Hello,\n\n{not a field} from Alice\n");
        let mut v = values();
        v.partner = "Fabrikam".into();
        assert_eq!(
            t.fill(&v).1,
            "Hello,\n\nWith Fabrikam.\n\n{not a field} from Alice\n"
        );
    }

    proptest::proptest! {
        /// Any text: a template or a refusal, never a panic.
        #[test]
        fn any_text_parses_or_is_refused(text in "(Subject: )?[a-z{}\\n é]{0,60}") {
            if let Ok(t) = parse_template(&text) {
                let _ = t.fill(&values());
            }
        }
    }

    #[test]
    fn a_bad_template_is_refused_with_its_line() {
        for (text, says) in [
            ("Hello", "line 1: the first line must be 'Subject: ...'"),
            ("Subject: x\nbody", "line 2: an empty line"),
            (
                "Subject: {custmer}\n\n",
                "line 1: unknown placeholder {custmer}",
            ),
            (
                "Subject: x\n\nDear {name},",
                "line 3: unknown placeholder {name}",
            ),
            (
                "Subject: x\n\n{if fm}\nx",
                "line 3: the {if} is never closed",
            ),
            ("Subject: x\n\n{end}", "line 3: an {end} without its {if}"),
            (
                "Subject: x\n\n{if nobody}\n{end}",
                "line 3: unknown placeholder {nobody}",
            ),
            ("Subject: x\n\nopen { brace", "line 3: a '{' without"),
            ("Subject: x\n\nclose } brace", "line 3: a '}' without"),
        ] {
            let e = parse_template(text).unwrap_err();
            assert!(e.starts_with(says), "{text:?}: {e}");
        }
    }

    fn english() -> Language {
        Language::parse(
            r#"name = "English"
date = "{weekday}, {day} {month} {year}"
months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
list_separator = ", "
list_and = " and "
all_workloads = "your Microsoft 365 workloads"
"#,
        )
        .unwrap()
    }

    #[test]
    fn dates_and_lists_in_a_language() {
        let en = english();
        let d = NaiveDate::from_ymd_opt(2027, 7, 9).unwrap();
        assert_eq!(en.date(d), "Friday, 9 July 2027");
        let items = |n: usize| -> Vec<String> {
            ["a", "b", "c"][..n].iter().map(|s| s.to_string()).collect()
        };
        assert_eq!(en.list(&items(0)), "");
        assert_eq!(en.list(&items(1)), "a");
        assert_eq!(en.list(&items(2)), "a and b");
        assert_eq!(en.list(&items(3)), "a, b and c");
        let bad = |from: &str, to: &str| {
            Language::parse(
                &std::fs::read_to_string("reference/templates/en/language.toml")
                    .unwrap()
                    .replace(from, to),
            )
        };
        assert!(bad("\"December\"", "").unwrap_err().contains("12"));
        assert!(bad("{year}", "{yr}").unwrap_err().contains("{yr}"));
    }

    fn step(party: Party, attempt: u32) -> Step {
        Step {
            party,
            attempt,
            due_on: NaiveDate::from_ymd_opt(2027, 7, 2).unwrap(),
            template: "Customer 1st Contact",
            via: Via::Email,
        }
    }

    #[test]
    fn customer_follow_ups_answer_the_first() {
        assert_eq!(replies_to(&step(Party::Customer, 1)), None);
        assert_eq!(
            replies_to(&step(Party::Customer, 2)),
            Some((Party::Customer, 1))
        );
        assert_eq!(
            replies_to(&step(Party::Customer, 3)),
            Some((Party::Customer, 1))
        );
        assert_eq!(replies_to(&step(Party::AccountTeam, 2)), None);
        let d = NaiveDate::from_ymd_opt(2027, 7, 2).unwrap();
        assert_eq!(
            message_id("Contoso.onmicrosoft.com", d, Party::Customer, 1),
            "ftc.customer-1.20270702@contoso.onmicrosoft.com"
        );
    }

    #[test]
    fn mailto_encodes_everything_but_the_unreserved() {
        let u = mailto(
            &["a@x.com".into(), "b+c@y.com".into()],
            &["d@z.com".into()],
            "Für & you",
            "Hi\nthere?",
            Some("a.1@x"),
        );
        assert_eq!(
            u,
            "mailto:a@x.com,b%2Bc@y.com?cc=d%40z.com&subject=F%C3%BCr%20%26%20you&body=Hi%0D%0Athere%3F&In-Reply-To=%3Ca.1%40x%3E"
        );
    }
}
