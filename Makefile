# Two commands matter: `make run` and `make test`. Everything else is what they build on.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test install compile migrate messages chat demo bench screenshots scale clean

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

compile: install
	$(BIN)/python -m bot compile

migrate: compile
	$(BIN)/python -m bot migrate

run: migrate
	HOST=$(HOST) PORT=$(PORT) $(BIN)/uvicorn api.main:app --host $(HOST) --port $(PORT)

test: compile
	$(BIN)/python -m pytest $(PYTEST_ARGS)

chat: migrate
	$(BIN)/python -m bot chat

# Demo departments, vendor lists, campaigns and sellers for trying the staff app; `.venv/bin/python -m bot demo --remove` deletes them.
demo: migrate
	$(BIN)/python -m bot demo

# Re-extract messages from the code into the catalogues; translate new Hindi entries afterwards.
messages: install
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k N_ -o locales/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i locales/messages.pot -d locales -D messages
	$(BIN)/python -m bot fill-english

# The scaled layout on one machine: two web and two worker processes on a local PostgreSQL, with fake providers (docs/deploy.md).
SCALE_DATABASE_URL ?= postgresql+psycopg://saathi:saathi@127.0.0.1/saathi_scale
scale: compile
	DATABASE_URL=$(SCALE_DATABASE_URL) $(BIN)/python -m bot migrate
	DATABASE_URL=$(SCALE_DATABASE_URL) PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho -e scale.env -f Procfile.scale start -c web=2,worker=2

bench: compile
	$(BIN)/python bench/engine.py

screenshots: compile
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) *.egg-info locales/*/LC_MESSAGES/*.mo
