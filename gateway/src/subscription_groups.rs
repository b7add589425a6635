//! Live subscriptions that ask the same thing share one execution.
//!
//! Without this, every event is filtered and executed once per subscriber: 10,000 clients
//! watching `internshipOfferPublished` cost 10,000 runs of the same selection through the
//! schema's extensions (issue 18). Subscriptions are grouped by everything their answers
//! depend on: the document, the operation, the variables, the caller (the whole `Principal`)
//! and the connection's language. Each group runs the subscription once, as a task, serialises
//! each answer once and hands every member the same `Arc<SharedAnswer>`; a member keeps only
//! its receiver, and the WebSocket protocol (`ws_protocol`) writes the shared text in its frame.
//!
//! What is not grouped runs alone, as before: a subscription with an `after` cursor (its replay
//! of the outbox is its own), a document with fragments or several fields at its root, and a
//! request with extensions.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::parser::types::{DocumentOperations, OperationType, Selection};
use async_graphql::{Data, Name, Pos, Request, Response, ServerError, Value};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use hub_common::Principal;
use hub_common::events::FeedError;
use hub_common::messages::{Language, localize_errors};
use hub_common::sync::lock;
use tokio::sync::broadcast;

/// Answers a member may fall behind its group before it gets `LAGGED`. Counted in this
/// subscription's own events (after its filter), where the feed's bound counts every topic's.
/// Small, because each group allocates its slots at once (about 40 bytes each) and a caller's
/// own subscriptions (`nominationChanged` for their organization) are often groups of one:
/// 64 slots cost about 2.5 KiB per group, 256 would cost 10.
const GROUP_CAPACITY: usize = 64;

/// The process's groups of live subscriptions.
#[derive(Default)]
pub struct SubscriptionGroups {
    groups: Mutex<HashMap<GroupKey, Group>>,
    next_group: AtomicU64,
    /// Members of every group, for `/metrics`.
    members: AtomicUsize,
    /// Groups whose execution runs, each holding one subscription to the event feed.
    running: AtomicUsize,
}

#[derive(Clone)]
struct Group {
    id: u64,
    answers: broadcast::Sender<Arc<SharedAnswer>>,
}

/// One answer of a live subscription: a lone subscription's own, or its group's.
pub enum Answer {
    /// Boxed: a `Response` is ten times the size of the shared variant.
    Own(Box<Response>),
    Shared(Arc<SharedAnswer>),
}

/// A group's answer, serialised once for all its members.
pub struct SharedAnswer {
    json: Box<str>,
    /// The event's `cursor`, when the client selected it: where a member that falls behind
    /// resumes.
    cursor: Option<i64>,
}

impl Answer {
    fn own(response: Response) -> Self {
        Answer::Own(Box::new(response))
    }

    /// The answer as the JSON of a GraphQL response.
    pub fn to_json(&self) -> serde_json::Result<std::borrow::Cow<'_, str>> {
        match self {
            Answer::Own(response) => serde_json::to_string(response).map(std::borrow::Cow::Owned),
            Answer::Shared(shared) => Ok(std::borrow::Cow::Borrowed(&shared.json)),
        }
    }
}

/// Everything a subscription's answers depend on.
#[derive(Clone, PartialEq, Eq)]
struct GroupKey {
    query: String,
    operation_name: Option<String>,
    /// The variables as JSON text (object keys in order).
    variables: String,
    principal: Option<Principal>,
    language: Language,
}

impl Hash for GroupKey {
    // Consistent with `Eq`, which compares the whole principal: equal keys hash alike.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.query.hash(state);
        self.operation_name.hash(state);
        self.variables.hash(state);
        self.principal.as_ref().map(|p| (&p.subject, p.organization_id)).hash(state);
        self.language.hash(state);
    }
}

/// Where a member's own `LAGGED` error points: the root field's response key and place.
#[derive(Clone)]
struct RootField {
    key: Name,
    pos: Pos,
}

impl SubscriptionGroups {
    /// Subscriptions in groups, for `/metrics`; `running_groups` of the feed's subscribers are
    /// the groups' own.
    pub fn members(&self) -> usize {
        self.members.load(Ordering::Relaxed)
    }

    pub fn running_groups(&self) -> usize {
        self.running.load(Ordering::Relaxed)
    }

    /// The answers to `request`: from its group when it can join one (started by `execute`
    /// if none is running), else from `execute` alone. `execute` runs the subscription and
    /// localizes its answers into `language`.
    pub fn subscribe(
        self: &Arc<Self>,
        mut request: Request,
        session_data: Option<Arc<Data>>,
        language: Language,
        execute: impl FnOnce(Request, Option<Arc<Data>>) -> BoxStream<'static, Response>,
    ) -> BoxStream<'static, Answer> {
        let Some(root) = groupable_root(&mut request) else {
            return execute(request, session_data).map(Answer::own).boxed();
        };
        let principal = session_data
            .as_deref()
            .and_then(|data| data.get(&std::any::TypeId::of::<Principal>()))
            .and_then(|value| value.downcast_ref::<Principal>())
            .cloned();
        let Ok(variables) = serde_json::to_string(&request.variables) else {
            return execute(request, session_data).map(Answer::own).boxed();
        };
        let key = GroupKey {
            query: request.query.clone(),
            operation_name: request.operation_name.clone(),
            variables,
            principal,
            language,
        };
        let mut groups = lock(&self.groups);
        let joined = groups
            .get(&key)
            .filter(|group| group.answers.receiver_count() > 0)
            .map(|group| group.answers.subscribe());
        let answers = match joined {
            Some(answers) => answers,
            None => {
                let (sender, answers) = broadcast::channel(GROUP_CAPACITY);
                let id = self.next_group.fetch_add(1, Ordering::Relaxed);
                groups.insert(key.clone(), Group { id, answers: sender.clone() });
                self.running.fetch_add(1, Ordering::Relaxed);
                let upstream = execute(request, session_data);
                tokio::spawn(self.clone().run(key, id, root.key.clone(), upstream, sender));
                answers
            }
        };
        drop(groups);
        self.members.fetch_add(1, Ordering::Relaxed);
        member(self.clone(), answers, root, language)
    }

    /// Runs one group's subscription until its last member leaves or it ends.
    async fn run(
        self: Arc<Self>,
        key: GroupKey,
        id: u64,
        root: Name,
        mut upstream: BoxStream<'static, Response>,
        answers: broadcast::Sender<Arc<SharedAnswer>>,
    ) {
        loop {
            let answer = tokio::select! {
                () = answers.closed() => break,
                answer = upstream.next() => answer,
            };
            let Some(answer) = answer else { break };
            if !answer.errors.is_empty() {
                // The hub's subscriptions end after an error, so take no member from now on: one
                // who joined after this answer went out would wait for nothing.
                self.leave_registry(&key, id);
            }
            let json = match serde_json::to_string(&answer) {
                Ok(json) => json.into_boxed_str(),
                Err(err) => {
                    // A response is a tree of strings, numbers and maps with string keys, which
                    // always serialises; should one not, the members end rather than get half.
                    tracing::error!(error = %err, "a subscription's answer could not be serialised");
                    break;
                }
            };
            let shared = SharedAnswer { json, cursor: cursor_of(&answer, &root) };
            // No receiver means the last member left meanwhile; `closed` ends the loop.
            let _ = answers.send(Arc::new(shared));
        }
        self.leave_registry(&key, id);
        self.running.fetch_sub(1, Ordering::Relaxed);
    }

    fn leave_registry(&self, key: &GroupKey, id: u64) {
        let mut groups = lock(&self.groups);
        if groups.get(key).is_some_and(|group| group.id == id) {
            groups.remove(key);
        }
    }
}

/// One member's answers: its group's, then `LAGGED` if it fell `GROUP_CAPACITY` behind.
fn member(
    groups: Arc<SubscriptionGroups>,
    answers: broadcast::Receiver<Arc<SharedAnswer>>,
    root: RootField,
    language: Language,
) -> BoxStream<'static, Answer> {
    struct Leave(Arc<SubscriptionGroups>);
    impl Drop for Leave {
        fn drop(&mut self) {
            self.0.members.fetch_sub(1, Ordering::Relaxed);
        }
    }
    let start = (answers, None, false, Leave(groups));
    futures_util::stream::unfold(start, move |(mut answers, last_cursor, lagged_out, leave)| {
        let root = root.clone();
        async move {
            if lagged_out {
                return None;
            }
            match answers.recv().await {
                Ok(answer) => {
                    let last_cursor = answer.cursor.or(last_cursor);
                    Some((Answer::Shared(answer), (answers, last_cursor, false, leave)))
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let lagged = Answer::own(lagged(&root, last_cursor, language));
                    Some((lagged, (answers, last_cursor, true, leave)))
                }
                Err(broadcast::error::RecvError::Closed) => None,
            }
        }
    })
    .boxed()
}

/// The `cursor` of an event, when the client selected it at the root field.
fn cursor_of(answer: &Response, root: &Name) -> Option<i64> {
    let Value::Object(data) = &answer.data else { return None };
    let Some(Value::Object(event)) = data.get(root) else { return None };
    match event.get("cursor") {
        Some(Value::String(cursor)) => cursor.parse().ok(),
        _ => None,
    }
}

/// The error a subscription that fell behind ends with, as the feed's own `LAGGED` reads.
fn lagged(root: &RootField, cursor: Option<i64>, language: Language) -> Response {
    let mut error: ServerError = FeedError::Lagged { cursor }.into_graphql().into_server_error(root.pos);
    error.path = vec![async_graphql::PathSegment::Field(root.key.to_string())];
    let mut errors = vec![error];
    localize_errors(&mut errors, language);
    Response::from_errors(errors)
}

/// The root field of a subscription that may share a group: one field, not a fragment, with
/// no `after` cursor (a literal null or a null variable is none), in a request with no
/// extensions. `None` when the document does not parse: the schema's own answer says why.
fn groupable_root(request: &mut Request) -> Option<RootField> {
    if !request.extensions.is_empty() {
        return None;
    }
    let operation_name = request.operation_name.clone();
    let variables = request.variables.clone();
    let document = request.parsed_query().ok()?;
    let operation = match (&document.operations, operation_name.as_deref()) {
        (DocumentOperations::Single(operation), None) => operation,
        (DocumentOperations::Multiple(operations), Some(name)) => operations.get(name)?,
        _ => return None,
    };
    if operation.node.ty != OperationType::Subscription {
        return None;
    }
    let [selection] = operation.node.selection_set.node.items.as_slice() else { return None };
    let Selection::Field(field) = &selection.node else { return None };
    let has_cursor = field.node.arguments.iter().any(|(name, value)| {
        let value = value.node.clone().into_const_with(|variable| {
            Ok::<_, std::convert::Infallible>(variables.get(&variable).cloned().unwrap_or(Value::Null))
        });
        name.node == "after" && !matches!(value, Ok(Value::Null))
    });
    (!has_cursor).then(|| RootField { key: field.node.response_key().node.clone(), pos: field.pos })
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::value;
    use tokio::sync::mpsc;

    const OFFERS: &str = "subscription { internshipOfferPublished { cursor } }";

    /// Subscribes through `groups`, counting the executions started and handing back the
    /// sender that plays each execution's event stream.
    struct Harness {
        groups: Arc<SubscriptionGroups>,
        executions: Arc<Mutex<Vec<mpsc::UnboundedSender<Response>>>>,
    }

    impl Harness {
        fn new() -> Self {
            Self { groups: Arc::default(), executions: Arc::default() }
        }

        fn subscribe(&self, request: Request, principal: Option<Principal>) -> BoxStream<'static, Answer> {
            let mut data = Data::default();
            if let Some(principal) = principal {
                data.insert(principal);
            }
            let executions = self.executions.clone();
            self.groups.subscribe(request, Some(Arc::new(data)), Language::En, move |_, _| {
                let (events, answers) = mpsc::unbounded_channel();
                executions.lock().unwrap().push(events);
                futures_util::stream::unfold(answers, |mut answers| async move {
                    answers.recv().await.map(|answer| (answer, answers))
                })
                .boxed()
            })
        }

        fn executions(&self) -> usize {
            self.executions.lock().unwrap().len()
        }

        fn send(&self, execution: usize, answer: Response) {
            self.executions.lock().unwrap()[execution].send(answer).unwrap();
        }
    }

    fn event(cursor: i64) -> Response {
        Response::new(value!({ "internshipOfferPublished": { "cursor": cursor.to_string() } }))
    }

    /// What a client reads of an answer.
    fn json(answer: Option<Answer>) -> serde_json::Value {
        let answer = answer.expect("an answer");
        serde_json::from_str(&answer.to_json().expect("serialised")).expect("JSON")
    }

    fn event_json(cursor: i64) -> serde_json::Value {
        serde_json::to_value(event(cursor)).expect("JSON")
    }

    fn person(subject: &str) -> Principal {
        Principal {
            subject: subject.to_owned(),
            email: None,
            organization_id: None,
            roles: Vec::new(),
            remits: Vec::new(),
        }
    }

    #[tokio::test]
    async fn the_same_subscription_runs_once_and_every_member_gets_each_event() {
        let harness = Harness::new();
        let mut members: Vec<_> = (0..5).map(|_| harness.subscribe(Request::new(OFFERS), None)).collect();
        assert_eq!(harness.executions(), 1);
        assert_eq!(harness.groups.members(), 5);
        tokio::task::yield_now().await;
        harness.send(0, event(41));
        for member in &mut members {
            assert_eq!(json(member.next().await), event_json(41));
        }
        drop(members);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        assert_eq!(harness.groups.members(), 0);
        assert_eq!(harness.groups.running_groups(), 0, "the execution stops with its last member");
    }

    #[tokio::test]
    async fn callers_variables_and_cursors_keep_subscriptions_apart() {
        let harness = Harness::new();
        let _a = harness.subscribe(Request::new(OFFERS), Some(person("a")));
        let _b = harness.subscribe(Request::new(OFFERS), Some(person("b")));
        let _anonymous = harness.subscribe(Request::new(OFFERS), None);
        assert_eq!(harness.executions(), 3, "each caller runs their own");
        let resuming = "subscription { internshipOfferPublished(after: \"5\") { cursor } }";
        let _resumed = harness.subscribe(Request::new(resuming), None);
        let _resumed_again = harness.subscribe(Request::new(resuming), None);
        assert_eq!(harness.executions(), 5, "a replay from a cursor is never shared");
        let by_variable =
            "subscription ($after: String) { internshipOfferPublished(after: $after) { cursor } }";
        let null_cursor = || {
            Request::new(by_variable)
                .variables(async_graphql::Variables::from_json(serde_json::json!({"after": null})))
        };
        let _first = harness.subscribe(null_cursor(), None);
        let _second = harness.subscribe(null_cursor(), None);
        assert_eq!(harness.executions(), 6, "a null cursor replays nothing, so those two share");
    }

    #[tokio::test]
    async fn a_member_that_falls_behind_ends_with_lagged_and_its_last_cursor() {
        let harness = Harness::new();
        let mut slow = harness.subscribe(Request::new(OFFERS), None);
        let _fast = harness.subscribe(Request::new(OFFERS), None);
        tokio::task::yield_now().await;
        harness.send(0, event(7));
        assert_eq!(json(slow.next().await), event_json(7));
        for cursor in 8..(8 + GROUP_CAPACITY as i64 + 10) {
            harness.send(0, event(cursor));
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let lagged = json(slow.next().await);
        let error = &lagged["errors"][0];
        assert_eq!(error["extensions"]["code"], "LAGGED");
        assert_eq!(error["extensions"]["cursor"], "7", "it resumes after what it received");
        assert_eq!(error["path"], serde_json::json!(["internshipOfferPublished"]));
        assert!(slow.next().await.is_none());
    }

    #[tokio::test]
    async fn after_an_error_newcomers_start_afresh() {
        let harness = Harness::new();
        let mut refused = harness.subscribe(Request::new(OFFERS), None);
        tokio::task::yield_now().await;
        harness.send(0, Response::from_errors(vec![ServerError::new("refused", None)]));
        assert_eq!(json(refused.next().await)["errors"].as_array().map(Vec::len), Some(1));
        let _later = harness.subscribe(Request::new(OFFERS), None);
        assert_eq!(harness.executions(), 2, "the newcomer does not wait on an ended execution");
    }
}
