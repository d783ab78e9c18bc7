"""Pass/fail bookkeeping for the dashboard test scripts: check() records, finish() prints the
closing 'N passed, N failed' line ctest logs show, and returns the exit code."""


class Report:
    def __init__(self):
        self.passed, self.failures = 0, []

    def check(self, condition, message):
        if condition:
            self.passed += 1
        else:
            self.failures.append(message)
            print("FAIL:", message)
        return condition

    def finish(self):
        print(f"{self.passed} passed, {len(self.failures)} failed")
        return 1 if self.failures else 0
