use super::*;
use crate::accounts::account_schema;
use serde_json::json;

fn schema() -> AccountSchema {
    account_schema(&[json!({
        "name": "account", "identityAttribute": "id", "displayAttribute": "displayName",
        "attributes": [
            {"name": "id", "type": "STRING"},
            {"name": "displayName", "type": "STRING"},
            {"name": "employeeNumber", "type": "INT"},
            {"name": "active", "type": "BOOLEAN"},
            {"name": "startDate", "type": "DATE"},
            {"name": "groups", "type": "STRING", "isMulti": true, "isEntitlement": true}
        ]
    })])
    .unwrap()
}

fn account(id: &str, native: &str, attrs: Value) -> Value {
    json!({"id": id, "nativeIdentity": native, "name": native, "attributes": attrs})
}

fn held() -> Vec<Value> {
    vec![
        account(
            "a1",
            "ada",
            json!({"id": "ada", "displayName": "Ada, Countess", "employeeNumber": 1, "active": true, "groups": ["eng", "all-staff"]}),
        ),
        account(
            "a2",
            "bob",
            json!({"id": "bob", "displayName": "Bob \"B\" Smith", "employeeNumber": 2, "active": false, "groups": []}),
        ),
        account(
            "a3",
            "cy",
            json!({"id": "cy", "displayName": "Cy\nTwo lines", "employeeNumber": 3}),
        ),
    ]
}

fn preview(text: &str, accounts: &[Value]) -> (Vec<PreviewRow>, Vec<Missing>) {
    let s = schema();
    let p = parse(text.as_bytes(), ',').unwrap();
    let m = map_header(&p.header, &s).unwrap();
    let mut c = Checker::new(&s, &m, ",", &p.records, accounts);
    let rows: Vec<PreviewRow> = p.records.iter().map(|r| c.check(r)).collect();
    let missing = c.missing();
    (rows, missing)
}

#[test]
fn an_export_read_back_changes_nothing() {
    let s = schema();
    let cols = columns(&template_columns("id,displayName,groups\r\n"), &s);
    assert_eq!(
        cols,
        [
            "id",
            "displayName",
            "groups",
            "employeeNumber",
            "active",
            "startDate"
        ]
    );
    let file = export(&cols, &held(), ',', ",");
    // Quotes where a cell needs them, CRLF line ends, a multi-valued cell joined and quoted.
    assert!(file.starts_with("id,displayName,groups,employeeNumber,active,startDate\r\n"));
    assert!(file.contains("ada,\"Ada, Countess\",\"eng,all-staff\",1,true,\r\n"));
    assert!(file.contains("\"Bob \"\"B\"\" Smith\""));
    assert!(file.contains("\"Cy\nTwo lines\""));
    let (rows, missing) = preview(&file, &held());
    assert_eq!(
        counts(&rows),
        Counts {
            unchanged: 3,
            ..Default::default()
        }
    );
    assert!(missing.is_empty());
}

#[test]
fn the_preview_names_new_changed_invalid_and_removed() {
    let text = "id,displayName,employeeNumber,groups\nada,Ada Lovelace,1,\"all-staff,eng\"\ndan,Dan,x,\nerin,Erin,5,ops\n";
    let (rows, missing) = preview(text, &held());
    // ada: the display name changed; the groups only moved around, which is no change.
    match &rows[0].kind {
        RowKind::Changed(ch) => {
            assert_eq!(ch.len(), 1);
            assert_eq!(
                ch[0],
                Change {
                    attribute: "displayName".into(),
                    old: "Ada, Countess".into(),
                    new: "Ada Lovelace".into()
                }
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(rows[0].account_id.as_deref(), Some("a1"));
    match &rows[1].kind {
        RowKind::Invalid(m) => assert_eq!(m, &vec!["Row 3, column employeeNumber: employeeNumber is an INT: a whole number from -2147483648 to 2147483647.".to_string()]),
        other => panic!("{other:?}"),
    }
    assert_eq!(rows[2].kind, RowKind::New);
    assert_eq!(rows[2].attributes["groups"], json!(["ops"]));
    assert_eq!(rows[2].attributes["employeeNumber"], json!(5));
    let gone: Vec<&str> = missing.iter().map(|m| m.native.as_str()).collect();
    assert_eq!(gone, ["bob", "cy"]);
}

#[test]
fn duplicate_identities_and_ragged_rows_are_invalid_rows() {
    let text = "id,displayName\nada,A\nada,B\nzed,Z,extra\nyan\n";
    let (rows, _) = preview(text, &[]);
    let msg = |i: usize| match &rows[i].kind {
        RowKind::Invalid(m) => m[0].clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        msg(0),
        "Row 2, column id: ada is also on row 3; a native identity names one account."
    );
    assert_eq!(
        msg(1),
        "Row 3, column id: ada is also on row 2; a native identity names one account."
    );
    assert!(
        msg(2).starts_with("Row 4: 3 cells where the header has 2 columns"),
        "{}",
        msg(2)
    );
    assert!(
        msg(3).starts_with("Row 5: 1 cells where the header has 2 columns."),
        "{}",
        msg(3)
    );
}

#[test]
fn files_that_cannot_be_read_say_why() {
    let p = |b: &[u8]| parse(b, ',');
    assert_eq!(p(b""), Err(FileError::Empty));
    assert_eq!(p(b"\r\n\r\n"), Err(FileError::Empty));
    assert_eq!(p(b"id,displayName\r\n"), Err(FileError::HeaderOnly));
    assert_eq!(
        p(b"id;displayName\nada;A\n"),
        Err(FileError::OtherDelimiter {
            found: ';',
            expected: ','
        })
    );
    assert_eq!(
        p(b"id,displayName\nada,A\nb\xe9b,B\n"),
        Err(FileError::NotUtf8 { line: 3 })
    );
    let big = vec![b'a'; MAX_BYTES + 1];
    assert_eq!(p(&big), Err(FileError::TooLarge(MAX_BYTES + 1)));
    assert!(FileError::TooLarge(MAX_BYTES + 1)
        .sentence()
        .contains("20.0 MB"));
    let s = schema();
    assert_eq!(
        map_header(&["displayName".into()], &s),
        Err(FileError::NoIdentityColumn("id".into()))
    );
    assert_eq!(
        map_header(&["id".into(), "id".into()], &s),
        Err(FileError::DuplicateColumn("id".into()))
    );
}

#[test]
fn a_bom_crlf_and_quoted_newlines_read_as_the_rfc_says() {
    let p = parse(
        "\u{feff}id,displayName\r\nada,\"two\r\nlines\"\r\nbob,B".as_bytes(),
        ',',
    )
    .unwrap();
    assert!(p.bom);
    assert_eq!(p.header, ["id", "displayName"]);
    assert_eq!(p.records.len(), 2);
    assert_eq!(p.records[0].cells, ["ada", "two\r\nlines"]);
    // Lines are the file's: the second record starts on line 4.
    assert_eq!((p.records[0].line, p.records[1].line), (2, 4));
}

#[test]
fn unknown_and_missing_columns_are_named() {
    let s = schema();
    let m = map_header(&["id".into(), "Email".into(), "groups".into()], &s).unwrap();
    assert_eq!(m.unknown, ["Email"]);
    assert_eq!(
        m.missing,
        ["displayName", "employeeNumber", "active", "startDate"]
    );
}

#[test]
fn a_row_update_keeps_attributes_the_file_has_no_column_for() {
    let (rows, _) = preview("id,displayName\nada,New\n", &held());
    let p = parse(b"id,displayName\nada,New\n", ',').unwrap();
    let m = map_header(&p.header, &schema()).unwrap();
    let held = held()[0]["attributes"].as_object().unwrap().clone();
    let put = put_attributes(&held, &rows[0], &m);
    assert_eq!(put["displayName"], json!("New"));
    assert_eq!(put["groups"], json!(["eng", "all-staff"]));
    assert_eq!(put["employeeNumber"], json!(1));
}

#[test]
fn the_report_and_the_task_counts_read_back() {
    let csv = report_csv(&[ReportRow {
        line: 2,
        native: "ada".into(),
        action: "create".into(),
        outcome: "done".into(),
        task_id: "t1".into(),
        message: "Account ada created, \"ok\"".into(),
    }]);
    assert_eq!(csv, "row,nativeIdentity,action,outcome,taskId,message\r\n2,ada,create,done,t1,\"Account ada created, \"\"ok\"\"\"\r\n");
    let t = json!({"returns": [{"name": "Created", "attributeName": "created"}, {"name": "Removed", "attributeName": "deleted"}, {"name": "Gone", "attributeName": "nope"}],
                   "attributes": {"created": 3, "deleted": 0}});
    assert_eq!(
        task_counts(&t),
        [
            ("Created".to_string(), "3".to_string()),
            ("Removed".to_string(), "0".to_string())
        ]
    );
}

#[test]
fn the_source_delimiter_is_read_from_its_connector() {
    assert_eq!(
        source_delimiter(&json!({"connectorAttributes": {"delimiter": ";"}})),
        ';'
    );
    assert_eq!(
        source_delimiter(&json!({"connectorAttributes": {"delimiter": ";;"}})),
        ','
    );
    assert_eq!(source_delimiter(&json!({})), ',');
}

#[test]
fn the_delete_threshold_is_counted_before_an_aggregation() {
    use crate::flatfile::{removal, Removal};
    assert_eq!(removal(0, 12, Some(10)), Removal::None);
    assert_eq!(removal(1, 12, Some(10)), Removal::Removes(1));
    // 2 of 12 is 16.7 %: over 10 %, ISC skips the delete phase (the seed's lesson).
    assert_eq!(
        removal(2, 12, Some(10)),
        Removal::Skipped {
            n: 2,
            of: 12,
            percent: 17,
            threshold: 10
        }
    );
    assert_eq!(
        removal(2, 20, None),
        Removal::Removes(2),
        "10 % when none is set"
    );
    assert_eq!(
        removal(3, 20, None),
        Removal::Skipped {
            n: 3,
            of: 20,
            percent: 15,
            threshold: 10
        }
    );
    assert!(removal(2, 12, Some(10)).sentence().starts_with(
        "ISC will skip the removal: 2 of the source's 12 accounts (17 %) are not in the file"
    ));
}
