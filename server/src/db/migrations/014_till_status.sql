-- Lojas > Caixas: each till's app version and backlog (records it still has to send), as the till reports them
-- with every pull of changes (GET /v1/till/changes?versao=…&pendentes=…, inside the signed path).
ALTER TABLE tills ADD COLUMN app_version text;
ALTER TABLE tills ADD COLUMN backlog integer;
ALTER TABLE tills ADD COLUMN status_at timestamptz;
