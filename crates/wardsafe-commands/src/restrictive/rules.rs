//! The trust's review rules (DESIGN.md §2.4: every interval is a rule in a
//! table, configurable per trust) and the compliance command that evaluates
//! any timeline given as JSON (docs/review-engine.md).

use crate::ctx::Ctx;
use wardsafe_domain::restrictive::{Compliance, ComplianceRequest, ReviewRules};
use wardsafe_domain::role::Action;
use wardsafe_domain::AppResult;
use wardsafe_store::queries::restrictive as q;
use wardsafe_store::{queries, Entity, Value};

/// The trust's rules (DESIGN.md's defaults until an administrator changes them).
pub fn get_review_rules(ctx: &Ctx, _: serde_json::Value) -> AppResult<ReviewRules> {
    ctx.me()?;
    ctx.store().read(q::review_rules)
}

/// Administrator: replace the rules table. It is checked whole (every rule
/// once; errors name the field, e.g. `rules[3].graceMinutes`); saved only if
/// a rule changed, and each save is in the change log with who made it.
pub fn set_review_rules(ctx: &Ctx, input: ReviewRules) -> AppResult<ReviewRules> {
    ctx.require(Action::SetReviewRules, None)?;
    input.validate()?;
    ctx.store().write(ctx.user_id(), |tx| {
        let current = q::review_rules(tx.conn())?;
        if current.changed(&input).is_empty() {
            return Ok(current);
        }
        let json = serde_json::to_string(&input)
            .map_err(|e| wardsafe_domain::AppError::internal(format!("could not encode the rules: {e}")))?;
        let id = q::rules_id();
        let fields = [("rules", Value::Text(json))];
        if queries::exists(tx.conn(), Entity::ReviewRules, id)? {
            tx.update(Entity::ReviewRules, id, &fields)?;
        } else {
            tx.insert(Entity::ReviewRules, id, &fields)?;
        }
        q::review_rules(tx.conn())
    })
}

/// Evaluate a timeline given as JSON (docs/review-engine.md): every
/// requirement with its state and times. Reads nothing stored, so anyone
/// signed in may check the engine against cases of their own.
pub fn evaluate_compliance(ctx: &Ctx, input: ComplianceRequest) -> AppResult<Compliance> {
    ctx.me()?;
    input.evaluate()
}
