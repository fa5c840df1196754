#!/usr/bin/env python3
"""The default plan's headline numbers from Python: the built-in 100k-H100 gigafactory scenario
(`gigasim plan` with no argument, `make demo`'s job), with the keys of `gigasim plan --json` they
come from (docs/scenario-file.md).

    PYTHONPATH=build/python /usr/bin/python3 examples/python/default_plan.py [SCENARIO]
"""
import sys

import gigasim


def headline(plan):
    """(label, value, unit) for the numbers a plan's reader looks at first."""
    training = plan["training"]
    estimate = training["estimate"]
    layout = estimate["job"]["parallelism"]
    power, energy, cost, reliability = plan["power"], plan["energy"], plan["cost"], plan["reliability"]
    return [
        ("GPUs", plan["cluster_build"]["gpus"], ""),
        ("layout", f"tp {layout['tp']} · pp {layout['pp']} × vpp {layout['vpp']} · cp {layout['cp']} · "
                   f"dp {layout['dp']} · ZeRO-{layout['zero']}", ""),
        ("step time", estimate["step_time_s"], "s"),
        ("MFU", 100 * estimate["mfu"], "%"),
        ("throughput", estimate["tokens_per_s"] / 1e6, "M tokens/s"),
        ("days to train", training["days"], "days"),
        ("days with failures", reliability["days_with_failures"], "days"),
        ("goodput", 100 * reliability["goodput"], "%"),
        ("IT power, average", power["it_mw"], "MW"),
        ("facility power, average", power["facility_mw"], "MW"),
        ("facility power, peak", power["facility_peak_mw"], "MW"),
        ("energy", energy["mwh"] / 1000, "GWh"),
        ("emissions", energy["tco2"] / 1000, "kt CO2"),
        ("capital cost", cost["capex_usd"] / 1e9, "$B"),
        ("cost of the run", cost["cost_per_run_usd"] / 1e6, "$M"),
    ]


def main():
    plan = gigasim.plan(sys.argv[1] if len(sys.argv) > 1 else None)
    scenario = plan["scenario"]
    print(f"{scenario['name']} at {scenario['site']['name']}")
    for label, value, unit in headline(plan):
        shown = f"{value:,.4g}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else value
        print(f"  {label:<26}{shown} {unit}".rstrip())


if __name__ == "__main__":
    main()
