# Two commands do everything: `make run` starts the product, `make test` proves it.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run train test check lint format eval eval-crisis crossval clean

$(STAMP): pyproject.toml scripts/bootstrap
	scripts/bootstrap
	@touch $(STAMP)

setup: $(STAMP) ## Install what is missing into .venv
	@# A .venv shared with another clone or worktree may load that one's code: install this one.
	@(cd / && $(CURDIR)/$(BIN)/python -I -c 'import bot, os, sys; sys.exit(not os.path.realpath(bot.__file__).startswith(os.path.realpath(sys.argv[1]) + os.sep))' "$(CURDIR)") 2>/dev/null \
		|| { echo "==> .venv laadt de code van een andere map; installeer deze map opnieuw"; scripts/bootstrap; }

run: setup ## Install, train if stale, start Rasa + actions + web
	$(BIN)/jeugdwijzer run

train: setup ## Train the Rasa model if config, domain or data changed
	$(BIN)/jeugdwijzer train

test: setup ## Lint and run the whole test suite: the fast tests on both cores, then the rest one by one
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q -m "not slow and not browser" -n 2
	$(BIN)/pytest -m "slow or browser"

check: setup ## The loop for every change: lint + the fast tests on both cores (no training, no browser)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q -m "not slow and not browser" -n 2

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

eval: train ## Score the model on the held-out test set (tests/nlu_testset/)
	$(BIN)/jeugdwijzer eval

eval-crisis: setup ## The crisis detector's recall, false alarms and per-category figures
	$(BIN)/jeugdwijzer eval --crisis

crossval: setup ## Cross-validation of the topics grouped by writer (macro-F1, confusions)
	$(BIN)/jeugdwijzer eval --kruis

clean:
	rm -rf models var .pytest_cache .cache
