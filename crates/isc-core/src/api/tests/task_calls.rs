//! Tasks, the generation probe, identity profiles and the help texts.

use super::*;

#[test]
fn task_ids_come_from_202_answers_and_task_reads_only() {
    let answer = |status: u16| ApiResponse {
        status,
        headers: vec![],
        body: json!({"id": "t1"}).to_string(),
    };
    let post = accounts::create(Generation::V1, SID, &Map::new());
    assert_eq!(
        tasks::task_id_of(&post, &answer(202)).as_deref(),
        Some("t1")
    );
    // A 201 source create carries the source's id, not a task's.
    let src = sources::create(Generation::V1, &json!({}), false);
    assert_eq!(tasks::task_id_of(&src, &answer(201)), None);
    for g in Generation::ALL {
        assert_eq!(
            tasks::task_id_of(&tasks::get(g, "t1"), &answer(200)).as_deref(),
            Some("t1")
        );
    }
}

#[test]
fn task_status_is_read_ignoring_case() {
    use tasks::{task_messages, task_state, TaskState};
    assert_eq!(
        task_state(&json!({"id": "t", "completed": null})),
        TaskState::Running
    );
    assert_eq!(task_state(&json!({"id": "t"})), TaskState::Running);
    assert_eq!(
        task_state(&json!({"completed": "2024-01-01T00:00:00Z", "completionStatus": "SUCCESS"})),
        TaskState::Succeeded
    );
    assert_eq!(
        task_state(&json!({"completed": "2024-01-01T00:00:00Z", "completionStatus": "Success"})),
        TaskState::Succeeded
    );
    assert_eq!(
        task_state(&json!({"completed": "2024-01-01T00:00:00Z", "completionStatus": "ERROR"})),
        TaskState::Failed("ERROR".into())
    );
    let msgs = task_messages(
        &json!({"messages": [{"type": "INFO", "localizedText": {"locale": "en-US", "message": "Account created"}, "key": "k"}]}),
    );
    assert_eq!(msgs, vec!["INFO: Account created"]);
}

#[test]
fn a_404_on_the_probe_means_classic() {
    let r = probe_request();
    assert_eq!(r.path_and_query(), "/sources/v1?limit=1&offset=0");
    assert_eq!(generation_from_probe(404), Generation::Classic);
    assert_eq!(generation_from_probe(200), Generation::V1);
    // A refusal (403) says the path exists: the tenant speaks v1.
    assert_eq!(generation_from_probe(403), Generation::V1);
    for g in Generation::ALL {
        assert_eq!(Generation::from_key(g.key()), Some(g));
    }
    assert_eq!(Generation::from_key("v2025"), None);
}

#[test]
fn profile_rows_are_sorted_by_priority() {
    let rows = identity_profiles::rows(&[
        json!({"id": "b", "name": "B", "priority": 20, "authoritativeSource": {"id": "s", "name": "HR"}}),
        json!({"id": "a", "name": "A", "priority": 10, "identityCount": 3}),
    ]);
    assert_eq!(rows[0].id, "a");
    assert_eq!(rows[0].identities, Some(3));
    assert_eq!(rows[1].source_name.as_deref(), Some("HR"));
    assert_eq!(rows[1].source_id.as_deref(), Some("s"));
}

#[test]
fn help_texts_name_the_call_of_the_generation_in_use() {
    use crate::api::accounts::{action, replace, Action};
    use Generation::{Classic, V1};
    assert_eq!(
        call_name(&action(Classic, "{id}", Action::Remove)),
        "POST /beta/accounts/{id}/remove"
    );
    assert_eq!(
        call_name(&action(V1, "{id}", Action::Remove)),
        "POST /accounts/v1/{id}/remove"
    );
    let attrs = serde_json::Map::new();
    assert_eq!(
        call_name(&replace(Classic, "{id}", &attrs)),
        "PUT /v3/accounts/{id}"
    );
    assert_eq!(
        call_name(&replace(V1, "{id}", &attrs)),
        "PUT /accounts/v1/{id}"
    );
}
