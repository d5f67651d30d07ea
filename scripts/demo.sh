#!/usr/bin/env bash
# `make demo`: generate sample data once, start `warden serve`, register the sample datasets,
# and print how to use it. Ctrl-C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_DIR=${WARDEN_DATA_DIR:-$PWD/warden-data}
SAMPLE_DIR=$DATA_DIR/sample
PLANNER_PORT=${WARDEN_PLANNER_PORT:-12050}
WORKER_PORT=${WARDEN_WORKER_PORT:-13050}
HTTP_PORT=${WARDEN_HTTP_PORT:-8089}
WARDEN=build/bin/warden
mkdir -p "$DATA_DIR"

if [ ! -d "$SAMPLE_DIR/parquet/transactions" ]; then
  echo "Generating sample data in $SAMPLE_DIR …"
  .venv/bin/python bench/datagen.py --out "$SAMPLE_DIR" --customers 10000 \
    --transactions 1000000 --files 4 --format both
fi

# The demo keeps its admin password beside the data so that every `make demo` can log in.
PASSWORD_FILE=$DATA_DIR/.admin-password
if [ ! -s "$PASSWORD_FILE" ]; then
  (umask 077; .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(12))" > "$PASSWORD_FILE")
fi
export WARDEN_ADMIN_PASSWORD=$(cat "$PASSWORD_FILE")
export WARDEN_PASSWORD=$WARDEN_ADMIN_PASSWORD

"$WARDEN" serve --data-dir "$DATA_DIR" --planner-port "$PLANNER_PORT" \
  --worker-port "$WORKER_PORT" --http-port "$HTTP_PORT" > "$DATA_DIR/serve.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT INT TERM

for _ in $(seq 100); do
  grep -q "ready" "$DATA_DIR/serve.log" 2>/dev/null && break
  kill -0 $SERVER 2>/dev/null || { cat "$DATA_DIR/serve.log"; exit 1; }
  sleep 0.1
done

CONNECT=grpc://127.0.0.1:$PLANNER_PORT
"$WARDEN" sql --connect "$CONNECT" --user admin -e "
  CREATE DATABASE IF NOT EXISTS demo COMMENT 'Generated sample data';
  CREATE EXTERNAL TABLE IF NOT EXISTS demo.customers STORED AS PARQUET
    LOCATION 'file://$SAMPLE_DIR/parquet/customers';
  CREATE EXTERNAL TABLE IF NOT EXISTS demo.transactions STORED AS PARQUET
    LOCATION 'file://$SAMPLE_DIR/parquet/transactions';
  CREATE EXTERNAL TABLE IF NOT EXISTS demo.customers_csv STORED AS CSV
    LOCATION 'file://$SAMPLE_DIR/csv/customers';" > /dev/null

cat <<MSG

Warden is running on sample data (logs: $DATA_DIR/serve.log).
  Flight SQL:          $CONNECT   (user admin, password in $PASSWORD_FILE)
  Worker:              grpc://127.0.0.1:$WORKER_PORT
  REST API and portal: http://127.0.0.1:$HTTP_PORT/   (OpenAPI: /api/v1/openapi.json)

Try, in another terminal:
  WARDEN_PASSWORD=\$(cat $PASSWORD_FILE) $WARDEN sql --user admin
  warden> SHOW TABLES IN demo;
  warden> SELECT id, name, country FROM demo.customers WHERE country = 'DE' LIMIT 5;

Press Ctrl-C to stop.
MSG
wait $SERVER
