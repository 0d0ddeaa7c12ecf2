//! Checklist templates (DESIGN.md §2.2): sections and questions, loaded from
//! data files, validated with the path of the offending field, and the rules
//! for answering them.

use crate::error::{AppError, AppResult};
use crate::place::AreaType;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// The environmental ligature walk-round: questions per area plus the
    /// ligature register of each area.
    LigatureWalkround,
    /// A checklist such as the daily ward safety check.
    Checklist,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Sections are asked for every area they apply to.
    PerArea,
    /// Sections are asked once for the ward.
    Ward,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Yes / No / N-A; "no" is a failure, so questions are phrased so that yes is safe.
    YesNoNa,
    Number,
    Choice,
    Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub kind: QuestionKind,
    #[serde(default)]
    pub critical: bool,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub choices: Vec<String>,
    /// Choices that count as a failure.
    #[serde(default)]
    pub fail_choices: Vec<String>,
    /// For numbers: the safe range; outside it is a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub unit: Option<String>,
    /// A failed answer needs a comment before the audit can be completed.
    #[serde(default)]
    pub comment_on_fail: bool,
    /// A failed answer needs a photo before the audit can be completed.
    #[serde(default)]
    pub photo_on_fail: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub help: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// Area types this section is asked for; empty means every area.
    #[serde(default)]
    pub applies_to: Vec<AreaType>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Template {
    pub key: String,
    pub version: u32,
    pub name: String,
    pub kind: TemplateKind,
    pub scope: Scope,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub description: Option<String>,
    pub sections: Vec<Section>,
}

impl Template {
    /// Parse and validate a template file. Errors name the path of the field,
    /// e.g. `sections[1].questions[0].kind`.
    pub fn parse(json: &str) -> AppResult<Template> {
        let t: Template = crate::input::from_str(json, "template").map_err(|mut e| {
            e.message = format!("template file: {}", e.message);
            e
        })?;
        t.validate()?;
        Ok(t)
    }

    pub fn validate(&self) -> AppResult<()> {
        check_id("key", &self.key)?;
        if self.version == 0 {
            return Err(AppError::validation("version", "version must be 1 or more"));
        }
        if self.name.trim().is_empty() {
            return Err(AppError::validation("name", "name is required"));
        }
        if self.sections.is_empty() {
            return Err(AppError::validation("sections", "a template needs at least one section"));
        }
        let mut section_ids = HashSet::new();
        let mut question_ids = HashSet::new();
        for (si, s) in self.sections.iter().enumerate() {
            let at = |f: &str| format!("sections[{si}].{f}");
            check_id(&at("id"), &s.id)?;
            if !section_ids.insert(s.id.as_str()) {
                return Err(AppError::validation(at("id"), format!("section id '{}' is used twice", s.id)));
            }
            if s.title.trim().is_empty() {
                return Err(AppError::validation(at("title"), "title is required"));
            }
            if s.questions.is_empty() {
                return Err(AppError::validation(at("questions"), "a section needs at least one question"));
            }
            for (qi, q) in s.questions.iter().enumerate() {
                q.validate().map_err(|e| e.within(&format!("sections[{si}].questions[{qi}]")))?;
                if !question_ids.insert(q.id.as_str()) {
                    return Err(AppError::validation(
                        format!("sections[{si}].questions[{qi}].id"),
                        format!("question id '{}' is used twice", q.id),
                    ));
                }
            }
        }
        Ok(())
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.sections.iter().flat_map(|s| &s.questions).find(|q| q.id == id)
    }

    /// The section holding a question.
    pub fn section_of(&self, question_id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.questions.iter().any(|q| q.id == question_id))
    }

    /// Whether `question_id` is asked for an area of this type (`None`: the ward as a whole).
    pub fn asks(&self, question_id: &str, area: Option<AreaType>) -> bool {
        match (self.scope, area, self.section_of(question_id)) {
            (_, _, None) => false,
            (Scope::Ward, None, Some(_)) => true,
            (Scope::Ward, Some(_), Some(_)) => false,
            (Scope::PerArea, None, Some(_)) => false,
            (Scope::PerArea, Some(a), Some(s)) => s.applies_to.is_empty() || s.applies_to.contains(&a),
        }
    }
}

impl Question {
    fn validate(&self) -> AppResult<()> {
        check_id("id", &self.id)?;
        if self.text.trim().is_empty() {
            return Err(AppError::validation("text", "question text is required"));
        }
        match self.kind {
            QuestionKind::Choice => {
                if self.choices.len() < 2 {
                    return Err(AppError::validation("choices", "a choice question needs at least two choices"));
                }
                if let Some(bad) = self.fail_choices.iter().find(|f| !self.choices.contains(f)) {
                    return Err(AppError::validation("failChoices", format!("'{bad}' is not one of the choices")));
                }
            }
            QuestionKind::Number => {
                if let (Some(lo), Some(hi)) = (self.min, self.max) {
                    if lo > hi {
                        return Err(AppError::validation("min", "min must not be above max"));
                    }
                }
            }
            _ => {
                if !self.choices.is_empty() {
                    return Err(AppError::validation("choices", "only a choice question has choices"));
                }
            }
        }
        Ok(())
    }

    /// Validate an answer's value; returns whether it is a failure.
    pub fn evaluate(&self, value: &str) -> AppResult<bool> {
        let v = value.trim();
        if v.is_empty() {
            return Err(AppError::validation("value", "an answer is required"));
        }
        match self.kind {
            QuestionKind::YesNoNa => match v {
                "yes" | "na" => Ok(false),
                "no" => Ok(true),
                _ => Err(AppError::validation("value", "answer yes, no or na")),
            },
            QuestionKind::Number => {
                let n: f64 = v
                    .parse()
                    .ok()
                    .filter(|n: &f64| n.is_finite())
                    .ok_or_else(|| AppError::validation("value", format!("'{v}' is not a number")))?;
                Ok(self.min.is_some_and(|m| n < m) || self.max.is_some_and(|m| n > m))
            }
            QuestionKind::Choice => {
                if !self.choices.iter().any(|c| c == v) {
                    return Err(AppError::validation("value", format!("'{v}' is not one of the choices")));
                }
                Ok(self.fail_choices.iter().any(|c| c == v))
            }
            QuestionKind::Text => {
                if v.chars().count() > 4000 {
                    return Err(AppError::validation("value", "an answer must be at most 4,000 characters"));
                }
                Ok(false)
            }
        }
    }
}

fn check_id(field: &str, id: &str) -> AppResult<()> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(AppError::validation(field, format!("'{id}' must be 1–64 characters of a–z, 0–9, - or _")))
    }
}

/// What an answer holds, for the completion check.
#[derive(Debug, Clone)]
pub struct AnswerFacts {
    pub value: String,
    pub has_comment: bool,
    pub photo_count: usize,
}

/// Something that stops an audit being completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub area_name: Option<String>,
    pub question_id: String,
    pub question_text: String,
    pub what: &'static str,
}

/// Everything that must be fixed before completion: required answers missing,
/// failures without the comment or photo the template asks for.
/// `answer` looks up the answer for (area index or None, question id).
pub fn completion_problems<'a>(
    t: &Template,
    areas: &[(String, AreaType)],
    answer: impl Fn(Option<usize>, &str) -> Option<&'a AnswerFacts>,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut check = |area: Option<usize>, q: &Question| {
        let problem = |what| Problem {
            area_name: area.map(|i| areas[i].0.clone()),
            question_id: q.id.clone(),
            question_text: q.text.clone(),
            what,
        };
        match answer(area, &q.id) {
            None if q.required => out.push(problem("a required answer is missing")),
            None => {}
            Some(a) if q.evaluate(&a.value).unwrap_or(false) => {
                if q.comment_on_fail && !a.has_comment {
                    out.push(problem("a failed answer needs a comment"));
                }
                if q.photo_on_fail && a.photo_count == 0 {
                    out.push(problem("a failed answer needs a photo"));
                }
            }
            Some(_) => {}
        }
    };
    for s in &t.sections {
        for q in &s.questions {
            match t.scope {
                Scope::Ward => check(None, q),
                Scope::PerArea => {
                    for (i, (_, kind)) in areas.iter().enumerate() {
                        if s.applies_to.is_empty() || s.applies_to.contains(kind) {
                            check(Some(i), q);
                        }
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
      "key": "test", "version": 1, "name": "Test", "kind": "checklist", "scope": "per_area",
      "sections": [
        {"id": "doors", "title": "Doors", "questions": [
          {"id": "door-ok", "text": "Door safe?", "kind": "yes_no_na", "critical": true, "commentOnFail": true},
          {"id": "temp", "text": "Water temperature", "kind": "number", "min": 38, "max": 44, "required": false}
        ]},
        {"id": "bath", "title": "Bathroom", "appliesTo": ["bathroom"], "questions": [
          {"id": "rail", "text": "Rail type", "kind": "choice", "choices": ["collapsible", "fixed"], "failChoices": ["fixed"]}
        ]}
      ]
    }"#;

    #[test]
    fn a_good_template_parses() {
        let t = Template::parse(GOOD).unwrap();
        assert_eq!(t.sections.len(), 2);
        assert!(t.asks("rail", Some(AreaType::Bathroom)));
        assert!(!t.asks("rail", Some(AreaType::Bedroom)));
        assert!(t.asks("door-ok", Some(AreaType::Bedroom)));
        assert!(!t.asks("door-ok", None));
        assert!(!t.asks("nope", Some(AreaType::Bedroom)));
    }

    #[test]
    fn template_errors_name_the_path_of_the_field() {
        let cases = [
            (GOOD.replace("\"yes_no_na\"", "\"maybe\""), "sections[0].questions[0].kind"),
            (GOOD.replace("\"version\": 1", "\"version\": 0"), "version"),
            (GOOD.replace("\"key\": \"test\"", "\"key\": \"Has Spaces\""), "key"),
            (GOOD.replace("\"id\": \"temp\"", "\"id\": \"door-ok\""), "sections[0].questions[1].id"),
            (
                GOOD.replace("\"failChoices\": [\"fixed\"]", "\"failChoices\": [\"wobbly\"]"),
                "sections[1].questions[0].failChoices",
            ),
            (GOOD.replace("\"min\": 38", "\"min\": 50"), "sections[0].questions[1].min"),
            (GOOD.replace("\"title\": \"Doors\"", "\"title\": \"Doors\", \"colour\": \"red\""), "sections[0]"),
            (GOOD.replace("\"text\": \"Door safe?\"", "\"text\": \" \""), "sections[0].questions[0].text"),
            ("{".to_string(), "template"),
            ("[]".to_string(), "template"),
        ];
        for (json, field) in cases {
            let e = Template::parse(&json).unwrap_err();
            assert_eq!(e.code, crate::ErrorCode::Validation);
            assert!(e.field.as_deref().is_some_and(|f| f.starts_with(field)), "expected field {field}, got {e}");
        }
    }

    #[test]
    fn answers_are_validated_by_kind_and_failures_detected() {
        let t = Template::parse(GOOD).unwrap();
        let q = |id| t.question(id).unwrap();
        let cases: &[(&str, &str, Result<bool, ()>)] = &[
            ("door-ok", "yes", Ok(false)),
            ("door-ok", "na", Ok(false)),
            ("door-ok", "no", Ok(true)),
            ("door-ok", "perhaps", Err(())),
            ("door-ok", " ", Err(())),
            ("temp", "40", Ok(false)),
            ("temp", "46.5", Ok(true)),
            ("temp", "NaN", Err(())),
            ("temp", "warm", Err(())),
            ("rail", "collapsible", Ok(false)),
            ("rail", "fixed", Ok(true)),
            ("rail", "other", Err(())),
        ];
        for (id, v, want) in cases {
            assert_eq!(q(id).evaluate(v).map_err(|_| ()), *want, "{id}={v}");
        }
    }

    #[test]
    fn completion_needs_required_answers_and_comments_on_failures() {
        let t = Template::parse(GOOD).unwrap();
        let areas = vec![("Bedroom 1".to_string(), AreaType::Bedroom), ("Bathroom".to_string(), AreaType::Bathroom)];
        let failed = AnswerFacts { value: "no".into(), has_comment: false, photo_count: 0 };
        let ok = AnswerFacts { value: "collapsible".into(), has_comment: false, photo_count: 0 };
        let problems = completion_problems(&t, &areas, |area, q| match (area, q) {
            (Some(0), "door-ok") => Some(&failed),
            (Some(1), "rail") => Some(&ok),
            _ => None,
        });
        let got: Vec<_> =
            problems.iter().map(|p| (p.area_name.clone().unwrap(), p.question_id.as_str(), p.what)).collect();
        assert_eq!(
            got,
            vec![
                ("Bedroom 1".to_string(), "door-ok", "a failed answer needs a comment"),
                ("Bathroom".to_string(), "door-ok", "a required answer is missing"),
            ]
        );
    }
}
