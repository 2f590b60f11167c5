from openbilan.www.health import views


def test_liveness_answers_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_checks_the_database_and_migrations(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_is_unavailable_when_the_database_fails(client, db, monkeypatch):
    def broken_executor(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(views, "MigrationExecutor", broken_executor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
