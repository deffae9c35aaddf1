//! The service intent note check (SPEC rule 4.5): warnings and a verdict.
//!
//! Phrases are matched as whole words, case-insensitively: the text is cut
//! into words at anything that is not a letter, a digit or an apostrophe
//! (so `follow-up`, `follow up` and `Follow-Up` are the same two words, and
//! `as` never fires inside `has`, nor `will` inside `willing`).

use serde::Serialize;
use std::fmt;

/// One warning code of rule 4.5, in the order the rule lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Warning {
    Ambiguous,
    NoReason,
    NoIntent,
    Logistics,
    TooLong,
    Copied,
}

impl Warning {
    pub fn as_str(self) -> &'static str {
        match self {
            Warning::Ambiguous => "ambiguous",
            Warning::NoReason => "no-reason",
            Warning::NoIntent => "no-intent",
            Warning::Logistics => "logistics",
            Warning::TooLong => "too-long",
            Warning::Copied => "copied",
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How good a service intent note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Great,
    Marginal,
    Poor,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Great => "great",
            Verdict::Marginal => "marginal",
            Verdict::Poor => "poor",
        }
    }

    /// The verdict rule 4.5 gives a set of warnings.
    pub fn of(warnings: &[Warning]) -> Verdict {
        let has = |w| warnings.contains(&w);
        if warnings.is_empty() {
            Verdict::Great
        } else if has(Warning::NoIntent)
            || has(Warning::Logistics)
            || (has(Warning::Ambiguous) && has(Warning::NoReason))
        {
            Verdict::Poor
        } else {
            Verdict::Marginal
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One warning with a sentence saying what raised it and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub warning: Warning,
    pub message: String,
}

/// The outcome of the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub verdict: Verdict,
    /// At most one per code, in the order of [`Warning`].
    pub findings: Vec<Finding>,
}

impl Check {
    /// The warning codes, in order.
    pub fn warnings(&self) -> Vec<Warning> {
        self.findings.iter().map(|f| f.warning).collect()
    }
}

/// The latest service intent note of another workload of the tenant.
#[derive(Debug, Clone, Copy)]
pub struct OtherNote<'a> {
    pub workload: &'a str,
    pub text: &'a str,
}

/// Words that leave the intent open.
pub const AMBIGUOUS: &[&str] = &[
    "for now",
    "currently",
    "yet",
    "at the moment",
    "at this time",
    "for the time being",
    "at present",
];

/// Words that give a reason. `since` counts whether it is about time or
/// cause: telling them apart needs more than word matching.
pub const REASON: &[&str] = &[
    "because",
    "due to",
    "since",
    "as",
    "so that",
    "in order to",
    "reason",
    "reasons",
    "owing to",
];

/// Phrases in which `as` gives no reason (`such as`, `as well as`, ...).
const NOT_A_REASON: &[&str] = &[
    "such as",
    "as well as",
    "as well",
    "as soon as",
    "as long as",
    "as far as",
    "as many as",
    "as much as",
    "as of",
    "as part of",
    "as needed",
    "as planned",
    "as expected",
];

/// Words that state an intent, or its lack, clearly. Inflections count
/// (`plan`, `planned`, `deploy`); `willing` and `deployment` do not.
pub const INTENT: &[&str] = &[
    "intend",
    "intends",
    "intended",
    "intending",
    "intention",
    "no intent",
    "has intent",
    "have intent",
    "plan",
    "plans",
    "planned",
    "planning",
    "will",
    "won't",
    "deploy",
    "deploys",
    "deploying",
    "deployed",
    "unable",
    "blocked",
    "blocker",
    "blockers",
    "problem",
    "problems",
    "issue",
    "issues",
    "no value",
    "lack of",
    "lacks",
    "not interested",
];

/// Words about the engagement rather than the customer's intent.
pub const LOGISTICS: &[&str] = &[
    "meeting",
    "meetings",
    "call",
    "calls",
    "e-mail",
    "email",
    "e-mails",
    "emails",
    "e-mailed",
    "emailed",
    "scheduled",
    "contacted",
    "reached out",
    "reach out",
    "follow up",
    "follow-up",
    "follow-ups",
    "followed up",
    "followup",
];

/// Product features named like logistics: a Teams meeting is a workload,
/// not an appointment.
const NOT_LOGISTICS: &[&str] = &[
    "teams meeting",
    "teams meetings",
    "teams call",
    "teams calls",
];

/// Words before a period that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "approx", "incl", "esp", "mr", "mrs", "ms", "dr", "inc", "ltd",
    "corp", "dept", "cf", "al",
];

/// Check a service intent note. `others` are the latest intent notes of the
/// tenant's other workloads; `unresponsive` turns the `copied` check off
/// (nothing new can be learnt from a customer who never answered).
pub fn check(text: &str, others: &[OtherNote], unresponsive: bool) -> Check {
    let words = words(text);
    let mut findings = Vec::new();

    let ambiguous = matches(&words, AMBIGUOUS, &[]);
    if !ambiguous.is_empty() {
        findings.push(Finding {
            warning: Warning::Ambiguous,
            message: format!(
                "{} {} the intent open: say what the customer intends, or what blocks them",
                quoted(&ambiguous),
                if ambiguous.len() == 1 {
                    "leaves"
                } else {
                    "leave"
                }
            ),
        });
    }
    if matches(&words, REASON, NOT_A_REASON).is_empty() {
        findings.push(Finding {
            warning: Warning::NoReason,
            message: "no reason given: say why (because, due to, so that, ...)".into(),
        });
    }
    if matches(&words, INTENT, &[]).is_empty() {
        findings.push(Finding {
            warning: Warning::NoIntent,
            message: "no clear statement of intent: say whether the customer intends, plans or \
                      will deploy it, or what stops them (unable, blocked, no intent, lack of ...)"
                .into(),
        });
    }
    let logistics = matches(&words, LOGISTICS, NOT_LOGISTICS);
    if !logistics.is_empty() {
        findings.push(Finding {
            warning: Warning::Logistics,
            message: format!(
                "{} {} about the engagement, not the customer's intent: record it in a status \
                 note (`ftc note add`)",
                quoted(&logistics),
                if logistics.len() == 1 { "is" } else { "are" }
            ),
        });
    }
    let n = sentences(text);
    if n > 2 {
        findings.push(Finding {
            warning: Warning::TooLong,
            message: format!("{n} sentences: one or two are enough"),
        });
    }
    if !unresponsive {
        let mine = squeeze(text);
        let mut same: Vec<&str> = others
            .iter()
            .filter(|o| squeeze(o.text) == mine)
            .map(|o| o.workload)
            .collect();
        same.dedup();
        if !same.is_empty() {
            findings.push(Finding {
                warning: Warning::Copied,
                message: format!(
                    "the same text as the intent note of {}: write what this workload's intent is",
                    same.join(", ")
                ),
            });
        }
    }
    let codes: Vec<Warning> = findings.iter().map(|f| f.warning).collect();
    Check {
        verdict: Verdict::of(&codes),
        findings,
    }
}

/// The text in lowercase without any whitespace: what `copied` compares.
pub fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Lowercase words: runs of letters, digits and inner apostrophes.
fn words(text: &str) -> Vec<String> {
    text.replace(['\u{2019}', '\u{2018}'], "'")
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// The phrases of `list` found in `words`, in the order they first occur,
/// each once; words inside an occurrence of an `unless` phrase are skipped.
fn matches<'a>(words: &[String], list: &[&'a str], unless: &[&str]) -> Vec<&'a str> {
    let mut masked = vec![false; words.len()];
    for p in unless {
        for (at, len) in occurrences(words, &self::words(p), &[]) {
            masked[at..at + len].iter_mut().for_each(|m| *m = true);
        }
    }
    let mut found: Vec<(usize, &str)> = Vec::new();
    for p in list {
        if let Some((at, _)) = occurrences(words, &self::words(p), &masked).first() {
            if !found.iter().any(|(_, q)| self::words(q) == self::words(p)) {
                found.push((*at, p));
            }
        }
    }
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

/// (start, length) of each occurrence of `phrase` not touching a masked word.
fn occurrences(words: &[String], phrase: &[String], masked: &[bool]) -> Vec<(usize, usize)> {
    let n = phrase.len();
    if n == 0 || words.len() < n {
        return Vec::new();
    }
    (0..=words.len() - n)
        .filter(|&i| words[i..i + n] == *phrase)
        .filter(|&i| !(i..i + n).any(|j| masked.get(j).copied().unwrap_or(false)))
        .map(|i| (i, n))
        .collect()
}

fn quoted(phrases: &[&str]) -> String {
    phrases
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many sentences: a `.`, `!` or `?` followed by a space or the end
/// ends one (so `2.5`, `contoso.com` and `v1.2` do not), except a period
/// after a common abbreviation (`e.g.`, `i.e.`, `etc.` unless a capital
/// follows it). A line break alone does not end a sentence. Pieces without
/// a letter or digit do not count.
pub fn sentences(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '.' | '!' | '?') {
            // Closing quotes and brackets belong to the sentence.
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], '"' | '\'' | ')' | ']' | '\u{201d}') {
                j += 1;
            }
            let at_end = j >= chars.len() || chars[j].is_whitespace();
            if at_end && !(c == '.' && abbreviation_before(&chars, i)) {
                if chars[start..i].iter().any(|c| c.is_alphanumeric()) {
                    count += 1;
                }
                start = j;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    if chars[start.min(chars.len())..]
        .iter()
        .any(|c| c.is_alphanumeric())
    {
        count += 1;
    }
    count
}

/// Whether the period at `dot` ends an abbreviation rather than a sentence.
fn abbreviation_before(chars: &[char], dot: usize) -> bool {
    let mut s = dot;
    while s > 0 && (chars[s - 1].is_alphanumeric() || chars[s - 1] == '.') {
        s -= 1;
    }
    let word: String = chars[s..dot].iter().collect::<String>().to_lowercase();
    if !ABBREVIATIONS.contains(&word.as_str()) {
        return false;
    }
    if word == "etc" {
        // "... OneDrive etc. The customer ...": a capital starts a sentence.
        let next = chars[dot + 1..].iter().find(|c| !c.is_whitespace());
        return !next.is_some_and(|c| c.is_uppercase());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use Warning::*;

    /// One intent note per row: its warnings and verdict (no other workloads).
    #[rstest]
    // Great: intent and reason, one or two sentences.
    #[case("The customer plans to deploy Teams to 2,000 users in Q3 because their Skype servers reach end of support.", &[], Verdict::Great)]
    #[case("The customer intends to move every mailbox to Exchange Online due to the cost of their on-premises servers.", &[], Verdict::Great)]
    #[case("The customer will roll out OneDrive so that staff can work from home. The first wave is 500 users.", &[], Verdict::Great)]
    #[case("The customer is deploying Intune in order to meet its audit findings.", &[], Verdict::Great)]
    #[case("SharePoint was deployed to 3,000 users since the intranet had to move.", &[], Verdict::Great)]
    #[case("No intent to adopt Yammer, as the customer uses Workplace from Meta.", &[], Verdict::Great)]
    #[case("The customer is unable to deploy Defender for Endpoint; the reason is a legacy antivirus contract.", &[], Verdict::Great)]
    #[case("Deployment is blocked: SSO does not work, because ADFS is out of date.", &[], Verdict::Great)]
    #[case("The customer has a problem with the bandwidth of its branch offices, so Teams waits until the network upgrade (issues due to old routers).", &[], Verdict::Great)]
    #[case("The customer sees no value in Planner because Trello covers the same needs.", &[], Verdict::Great)]
    #[case("Not adopting Stream due to a lack of features for external viewers.", &[], Verdict::Great)]
    #[case("The customer has issues with licence assignment, because their groups are not synced.", &[], Verdict::Great)]
    // The ambiguous words of rule 4.5 (the intent and reason stay clear).
    #[case("The customer plans to keep its file servers for now because of a merger.", &[Ambiguous], Verdict::Marginal)]
    #[case("The customer currently plans to wait because of a merger.", &[Ambiguous], Verdict::Marginal)]
    #[case("The customer has not deployed Teams yet because of a merger.", &[Ambiguous], Verdict::Marginal)]
    #[case("At the moment the customer will not deploy Teams, because of a merger.", &[Ambiguous], Verdict::Marginal)]
    #[case("The customer will not deploy at this time due to a merger.", &[Ambiguous], Verdict::Marginal)]
    // Ambiguous and no reason: poor.
    #[case("The customer plans to deploy Teams at the moment.", &[Ambiguous, NoReason], Verdict::Poor)]
    #[case("Currently the customer will not deploy Intune.", &[Ambiguous, NoReason], Verdict::Poor)]
    // No reason alone: marginal.
    #[case("The customer plans to deploy Exchange Online in August.", &[NoReason], Verdict::Marginal)]
    // No intent: poor.
    #[case("Waiting on the customer because of the holidays.", &[NoIntent], Verdict::Poor)]
    #[case("Nothing to report.", &[NoReason, NoIntent], Verdict::Poor)]
    // The logistics words: poor.
    #[case("Meeting with the customer: they plan to deploy Teams because Skype ends.", &[Logistics], Verdict::Poor)]
    #[case("The customer will deploy Teams because Skype ends; a call is set.", &[Logistics], Verdict::Poor)]
    #[case("Sent an e-mail: the customer will deploy Teams because Skype ends.", &[Logistics], Verdict::Poor)]
    #[case("Per their email the customer will deploy Teams because Skype ends.", &[Logistics], Verdict::Poor)]
    #[case("Workshop scheduled; the customer plans to deploy Intune due to an audit.", &[Logistics], Verdict::Poor)]
    #[case("Contacted the customer, who plans to deploy Intune due to an audit.", &[Logistics], Verdict::Poor)]
    #[case("We reached out and the customer plans to deploy Intune due to an audit.", &[Logistics], Verdict::Poor)]
    #[case("The customer will deploy Intune due to an audit; follow up next week.", &[Logistics], Verdict::Poor)]
    #[case("The customer will deploy Intune due to an audit; a Follow-Up is due.", &[Logistics], Verdict::Poor)]
    // More than two sentences: marginal.
    #[case("The customer plans to deploy Teams. The reason is Skype's end of support. Pilot first.", &[TooLong], Verdict::Marginal)]
    #[case("The customer will deploy Teams! Because Skype ends? Yes. Really.", &[TooLong], Verdict::Marginal)]
    // Whole words only: `has` holds no `as`, `willing` no `will`,
    // `Teams meetings` are a feature, not an appointment.
    #[case("The customer has plans for Teams.", &[NoReason], Verdict::Marginal)]
    #[case("The customer is willing to look at Teams because Skype ends.", &[NoIntent], Verdict::Poor)]
    #[case("The customer will roll out Teams meetings because travel was cut.", &[], Verdict::Great)]
    // `as` in `such as` / `as well as` gives no reason.
    #[case("The customer plans to deploy apps such as Planner as well as To Do.", &[NoReason], Verdict::Marginal)]
    // Abbreviations and numbers do not end sentences.
    #[case("The customer will deploy e.g. Teams and i.e. the phone system, v2.5, because Skype ends. Pilot first.", &[], Verdict::Great)]
    fn the_check(#[case] text: &str, #[case] want: &[Warning], #[case] verdict: Verdict) {
        let c = check(text, &[], false);
        assert_eq!(c.warnings(), want, "{text}");
        assert_eq!(c.verdict, verdict, "{text}");
    }

    #[test]
    fn every_phrase_of_the_lists_is_found_as_a_whole_word() {
        for (list, unless) in [
            (AMBIGUOUS, &[][..]),
            (REASON, NOT_A_REASON),
            (INTENT, &[]),
            (LOGISTICS, NOT_LOGISTICS),
        ] {
            for p in list {
                let text = format!("Before {} after.", p.to_uppercase());
                // `follow up` and `follow-up` are the same words: either is found.
                let found: Vec<Vec<String>> = matches(&words(&text), list, unless)
                    .iter()
                    .map(|q| words(q))
                    .collect();
                assert_eq!(found, [words(p)], "{text}");
                // Glued to other letters it is another word.
                let glued = format!("x{p}x");
                assert!(matches(&words(&glued), list, unless).is_empty(), "{glued}");
            }
        }
    }

    #[test]
    fn copied_compares_with_other_workloads_ignoring_case_and_spacing() {
        let text = "The customer plans to deploy it because Skype ends.";
        let others = [
            OtherNote {
                workload: "exchange",
                text: "  the customer PLANS to deploy it\nbecause  Skype ends.",
            },
            OtherNote {
                workload: "sharepoint",
                text: "The customer plans to deploy it because Skype ends soon.",
            },
        ];
        let c = check(text, &others, false);
        assert_eq!(c.warnings(), [Copied]);
        assert_eq!(c.verdict, Verdict::Marginal);
        assert!(c.findings[0].message.contains("exchange"), "{c:?}");
        assert!(!c.findings[0].message.contains("sharepoint"), "{c:?}");
        // Not raised for an unresponsive tenant.
        assert_eq!(check(text, &others, true).verdict, Verdict::Great);
        // A different text is not a copy.
        assert_eq!(check(text, &others[1..], false).warnings(), []);
    }

    #[rstest]
    #[case("", 0)]
    #[case("One", 1)]
    #[case("One.", 1)]
    #[case("One. Two", 2)]
    #[case("One. Two! Three?", 3)]
    #[case("Wait... what?! Yes.", 3)]
    #[case("Teams, e.g. meetings, i.e. chat. Two.", 2)]
    #[case("SharePoint, OneDrive etc. The customer plans it.", 2)]
    #[case("SharePoint, OneDrive, etc. and more.", 1)]
    #[case("Version 2.5 on contoso.com. Two.", 2)]
    #[case("He said \"no.\" Then left.", 2)]
    #[case("Line one\nline two", 1)]
    #[case(". . !", 0)]
    fn sentences_are_counted(#[case] text: &str, #[case] n: usize) {
        assert_eq!(sentences(text), n, "{text:?}");
    }

    #[test]
    fn findings_name_the_words_that_raised_them() {
        let c = check(
            "Currently, after the meeting and the follow-up call, nothing.",
            &[],
            false,
        );
        assert_eq!(c.warnings(), [Ambiguous, NoReason, NoIntent, Logistics]);
        assert_eq!(
            c.findings[0].message,
            "\"currently\" leaves the intent open: say what the customer intends, or what blocks them"
        );
        assert!(
            c.findings[3]
                .message
                .starts_with("\"meeting\", \"follow up\", \"call\" are about the engagement"),
            "{}",
            c.findings[3].message
        );
    }

    #[test]
    fn the_verdict_rule() {
        assert_eq!(Verdict::of(&[]), Verdict::Great);
        assert_eq!(Verdict::of(&[Ambiguous]), Verdict::Marginal);
        assert_eq!(Verdict::of(&[NoReason]), Verdict::Marginal);
        assert_eq!(Verdict::of(&[TooLong, Copied]), Verdict::Marginal);
        assert_eq!(Verdict::of(&[Ambiguous, NoReason]), Verdict::Poor);
        assert_eq!(Verdict::of(&[NoIntent]), Verdict::Poor);
        assert_eq!(Verdict::of(&[Logistics]), Verdict::Poor);
        assert_eq!(
            serde_json::to_string(&[NoReason, TooLong]).unwrap(),
            "[\"no-reason\",\"too-long\"]"
        );
        assert_eq!(serde_json::to_string(&Verdict::Poor).unwrap(), "\"poor\"");
    }
}
