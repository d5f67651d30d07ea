"""Catalog objects over Flight SQL (DESIGN §3, §5): attributes, comments, partitions,
SHOW CREATE TABLE round trips into an empty catalog, search, and bad input that leaves the
catalog unchanged and the service running."""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flight_sql import raises_warden


def _column(table, name):
    assert name in table.column_names, table.schema
    return table[name].to_pylist()


@pytest.fixture
def partitioned(tmp_path, sample_data):
    """A Hive-partitioned copy of one customers file: country=XX/part.parquet."""
    customers = pq.read_table(sample_data.single_file)
    root = tmp_path / "by_country"
    for country in ("SE", "JP"):
        folder = root / f"country={country}"
        folder.mkdir(parents=True)
        pq.write_table(customers.drop_columns(["country"]).slice(0, 5), folder / "p.parquet")
    return root


def test_attributes_comments_and_describe_formatted(admin, sample_data, unique_name):
    db = unique_name()
    admin.execute(f"CREATE DATABASE {db} COMMENT 'crm data'")
    admin.execute("CREATE ATTRIBUTE IF NOT EXISTS pii.email")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.c (id BIGINT COMMENT 'key', "
                  f"email STRING ATTRIBUTE pii.email) COMMENT 'people' STORED AS PARQUET "
                  f"LOCATION '{sample_data.uri(sample_data.single_file)}'")
    admin.execute(f"ALTER TABLE {db}.c ALTER COLUMN id COMMENT 'the id'")
    described = admin.execute(f"DESCRIBE {db}.c")
    assert described.column_names == ["name", "type", "comment", "attributes"]
    assert _column(described, "comment") == ["the id", ""]
    assert _column(described, "attributes") == ["", "pii.email"]
    formatted = admin.execute(f"DESCRIBE FORMATTED {db}.c")
    details = dict(zip(_column(formatted, "name"), _column(formatted, "type")))
    assert details["Owner"] == "admin"
    assert details["Comment"] == "people"
    assert details["Location"] == sample_data.uri(sample_data.single_file)
    assert details["Format"] == "parquet"
    assert "pii.email" in _column(admin.execute("SHOW ATTRIBUTES"), "name")


def test_partitions_and_show_create_round_trip(admin, launcher, partitioned, unique_name):
    db = unique_name()
    admin.execute(f"CREATE DATABASE {db}")
    admin.execute("CREATE ATTRIBUTE IF NOT EXISTS finance.restricted")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.customers STORED AS PARQUET LOCATION "
                  f"'file://{partitioned}' ATTRIBUTES (finance.restricted)")
    assert _column(admin.execute(f"SHOW PARTITIONS {db}.customers"), "partition") == [
        "country=JP", "country=SE"]
    assert _column(admin.execute(f"DESCRIBE {db}.customers"), "name")[-1] == "country"

    shown = _column(admin.execute(f"SHOW CREATE TABLE {db}.customers"), "statement")
    assert shown[-1].startswith(f"CREATE EXTERNAL TABLE {db}.customers")
    fresh = launcher.deployment("serve")
    with fresh.admin() as other:
        for statement in shown:
            other.execute(statement)
        for sql in (f"DESCRIBE FORMATTED {db}.customers", f"SHOW PARTITIONS {db}.customers"):
            mine, theirs = admin.execute(sql), other.execute(sql)
            rows = lambda t: [r for r in t.to_pylist() if r["name"] != "Created"] \
                if "name" in t.column_names else t.to_pylist()
            assert rows(mine) == rows(theirs), sql


def test_search_finds_by_words_attribute_and_column(admin, sample_data, unique_name):
    db = unique_name("search")
    admin.execute(f"CREATE DATABASE {db}")
    admin.execute("CREATE ATTRIBUTE IF NOT EXISTS pii.card")
    location = sample_data.uri(sample_data.transactions_dir)
    admin.execute(f"CREATE EXTERNAL TABLE {db}.payments STORED AS PARQUET LOCATION "
                  f"'{location}' COMMENT 'card payments by day'")
    admin.execute(f"ALTER TABLE {db}.payments ADD ATTRIBUTE pii.card ON COLUMN card_number")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.refunds STORED AS PARQUET LOCATION '{location}'")
    found = admin.execute(f"SEARCH DATASETS 'payments day' IN {db}")
    assert found.column_names == ["database", "name", "type", "comment"]
    assert _column(found, "name") == ["payments"]
    assert _column(admin.execute(f"SEARCH DATASETS IN {db} ATTRIBUTE pii.card"), "name") == [
        "payments"]
    both = _column(admin.execute(f"SEARCH DATASETS IN {db} COLUMN card_num"), "name")
    assert both == ["payments", "refunds"]
    pages = [_column(admin.execute(f"SEARCH DATASETS IN {db} LIMIT 1 OFFSET {i}"), "name")
             for i in range(3)]
    assert pages == [["payments"], ["refunds"], []]


@pytest.mark.parametrize("case", ["missing", "corrupt", "not_parquet", "disagree", "duplicate",
                                  "too_long", "not_empty", "duplicate_column"])
def test_bad_input_is_refused_and_changes_nothing(admin, deployment, sample_data, tmp_path,
                                                  unique_name, case):
    db = unique_name("bad")
    admin.execute(f"CREATE DATABASE {db}")
    good = sample_data.uri(sample_data.single_file)
    admin.execute(f"CREATE EXTERNAL TABLE {db}.good STORED AS PARQUET LOCATION '{good}'")
    (tmp_path / "corrupt").mkdir()
    (tmp_path / "corrupt" / "a.parquet").write_bytes(b"PAR1 not a footer PAR1")
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "a.parquet").write_text("id,name\n1,x\n")
    (tmp_path / "mixed").mkdir()
    pq.write_table(pa.table({"a": [1]}), tmp_path / "mixed" / "a.parquet")
    pq.write_table(pa.table({"b": ["x"]}), tmp_path / "mixed" / "b.parquet")
    create = f"CREATE EXTERNAL TABLE {db}.t STORED AS PARQUET LOCATION "
    sql, code = {
        "missing": (create + f"'file://{tmp_path}/nowhere'", "WARDEN-STORAGE-ERROR"),
        "corrupt": (create + f"'file://{tmp_path}/corrupt'", "WARDEN-STORAGE-ERROR"),
        "not_parquet": (create + f"'file://{tmp_path}/text'", "WARDEN-STORAGE-ERROR"),
        "disagree": (create + f"'file://{tmp_path}/mixed'", "WARDEN-STORAGE-ERROR"),
        "duplicate": (f"CREATE EXTERNAL TABLE {db}.good STORED AS PARQUET LOCATION '{good}'",
                      "WARDEN-CATALOG-ALREADY-EXISTS"),
        "too_long": (f"CREATE EXTERNAL TABLE {db}.{'x' * 129} STORED AS PARQUET "
                     f"LOCATION '{good}'", "WARDEN-SQL-INVALID-NAME"),
        "not_empty": (f"DROP DATABASE {db}", "WARDEN-CATALOG-NOT-EMPTY"),
        "duplicate_column": (f"CREATE EXTERNAL TABLE {db}.t (id BIGINT, ID INT) STORED AS "
                             f"PARQUET LOCATION '{good}'", "WARDEN-SQL-INVALID-NAME"),
    }[case]
    before = admin.execute(f"SHOW TABLES IN {db}").to_pylist()
    with raises_warden(code):
        admin.execute(sql)
    assert admin.execute(f"SHOW TABLES IN {db}").to_pylist() == before
    assert deployment.all_running(), deployment.logs()
    admin.execute(f"DROP DATABASE {db} CASCADE")


def test_views_are_queryable_nested_and_inherit_attributes(admin, sample_data, unique_name):
    db = unique_name()
    admin.execute(f"CREATE DATABASE {db}")
    admin.execute("CREATE ATTRIBUTE IF NOT EXISTS pii.email")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.c STORED AS PARQUET "
                  f"LOCATION '{sample_data.uri(sample_data.single_file)}'")
    admin.execute(f"ALTER TABLE {db}.c ADD ATTRIBUTE pii.email ON COLUMN email")
    admin.execute(f"CREATE VIEW {db}.se AS SELECT id, email, upper(name) AS shout "
                  f"FROM {db}.c WHERE country = 'SE'")
    admin.execute(f"CREATE VIEW {db}.se_ids AS SELECT id FROM {db}.se WHERE id > 10")

    expected = pq.read_table(sample_data.single_file).to_pylist()
    se = sorted(r["id"] for r in expected if r["country"] == "SE")
    assert sorted(_column(admin.execute(f"SELECT id FROM {db}.se"), "id")) == se
    assert sorted(_column(admin.execute(f"SELECT * FROM {db}.se_ids"), "id")) == \
        [i for i in se if i > 10]
    joined = admin.execute(f"SELECT v.shout, c.name FROM {db}.se v JOIN {db}.c c "
                           f"ON v.id = c.id")
    assert all(s == n.upper() for s, n in zip(_column(joined, "shout"), _column(joined, "name")))

    attributes = dict(zip(_column(admin.execute(f"DESCRIBE {db}.se"), "name"),
                          _column(admin.execute(f"DESCRIBE {db}.se"), "attributes")))
    assert attributes == {"id": "", "email": "pii.email", "shout": ""}

    admin.execute(f"DROP TABLE {db}.c")
    with raises_warden("WARDEN-CATALOG-NOT-FOUND"):
        admin.execute(f"SELECT * FROM {db}.se_ids")


def test_partition_columns_and_csv_options_reach_the_scan(admin, partitioned, tmp_path,
                                                          unique_name):
    db = unique_name()
    admin.execute(f"CREATE DATABASE {db}")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.p STORED AS PARQUET LOCATION 'file://{partitioned}'")
    rows = admin.execute(f"SELECT country, count(*) AS n FROM {db}.p GROUP BY country "
                         f"ORDER BY country").to_pylist()
    assert rows == [{"country": "JP", "n": 5}, {"country": "SE", "n": 5}]

    (tmp_path / "semi").mkdir()
    (tmp_path / "semi" / "a.csv").write_text("1;x\n2;NA\n")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.s (id BIGINT, label STRING) STORED AS CSV "
                  f"LOCATION 'file://{tmp_path / 'semi'}' "
                  f"TBLPROPERTIES ('header'='false', 'delimiter'=';', 'null'='NA')")
    assert admin.execute(f"SELECT * FROM {db}.s ORDER BY id").to_pylist() == [
        {"id": 1, "label": "x"}, {"id": 2, "label": None}]


def test_a_grants_row_filter_prunes_partitions_like_a_where(admin, deployment, partitioned,
                                                            unique_name):
    """A grant's row filter is also a scan hint: a user whose rows are one country's reads
    that country's partition only (and still gets exactly its rows)."""
    from test_policy_suite import make_token

    db = unique_name()
    admin.execute(f"CREATE DATABASE {db}")
    admin.execute(f"CREATE EXTERNAL TABLE {db}.p STORED AS PARQUET LOCATION 'file://{partitioned}'")
    admin.execute(f"CREATE ROLE {db}_se")
    admin.execute(f"GRANT SELECT ON TABLE {db}.p WHERE country = 'SE' TO ROLE {db}_se")
    admin.execute(f"GRANT ROLE {db}_se TO USER {db}_user")
    secret_file = deployment.token_secret_file or deployment.workdir / "warden-data" / "token.key"
    with deployment.connect() as user:
        user.set_bearer(make_token(bytes.fromhex(secret_file.read_text().strip()), f"{db}_user"))
        plan = "\n".join(user.query(f"EXPLAIN SELECT id FROM {db}.p").column("plan").to_pylist())
        assert "files=1/2" in plan, plan
        rows = user.query(f"SELECT country, count(*) AS n FROM {db}.p GROUP BY country")
        assert rows.to_pylist() == [{"country": "SE", "n": 5}]
    plan = "\n".join(admin.query(f"EXPLAIN SELECT id FROM {db}.p").column("plan").to_pylist())
    assert "files=2/2" in plan, plan  # the admin, under no row filter, reads both
