#!/usr/bin/env python3
"""How many GPUs for the gigafactory's model? Plans the default scenario's training run (a
Grok-3-class model on 25T tokens, H100s on Spectrum-X at Memphis) at several cluster sizes, each
with the best layout gigasim's search finds there, into a pandas DataFrame, and plots days to
train and facility megawatts against GPU count with matplotlib.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/gpu_sweep.py [--out gpu-sweep.png] [--csv sweep.csv]
"""
import argparse

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402 (after the backend is chosen)
import pandas  # noqa: E402

import gigasim  # noqa: E402

# Multiples of 12,500: the global batch of 12,500 sequences then splits evenly over many dp sizes.
SIZES = [12_500, 25_000, 50_000, 75_000, 100_000, 150_000, 200_000]


def scenario(gpus):
    """The built-in gigafactory-100k-h100 scenario with `gpus` GPUs and its layout left to the search."""
    return {
        "name": f"gigafactory-{gpus}",
        "model": "grok-3-class",
        "training": {"tokens": 2.5e13, "start": "2024-09-02"},
        "cluster": {"gpu": "h100-sxm", "gpus": gpus, "node": "hgx-h100", "fabric": "spectrum-x-rail",
                    "parallelism": {"global_batch": 12500, "seq_len": 8192}},
        "site": "memphis-tn",
        "facility": {"cooling": "liquid", "rack_power_kw": 82},
        "finance": {"gpu_price_usd": 30000},
    }


def row(gpus):
    plan = gigasim.plan(scenario(gpus))
    estimate = plan["training"]["estimate"]
    layout = estimate["job"]["parallelism"]
    return {
        "gpus": gpus,
        "layout": f"tp{layout['tp']} cp{layout['cp']} pp{layout['pp']}x{layout['vpp']} dp{layout['dp']} ZeRO-{layout['zero']}",
        "days": plan["training"]["days"],
        "days_with_failures": plan["reliability"]["days_with_failures"],
        "mfu": estimate["mfu"],
        "facility_peak_mw": plan["power"]["facility_peak_mw"],
        "facility_average_mw": plan["power"]["facility_mw"],
        "energy_mwh": plan["energy"]["mwh"],
        "capex_usd": plan["cost"]["capex_usd"],
    }


def plot(frame, path):
    figure, days_axis = plt.subplots(figsize=(8, 4.5))
    days_axis.plot(frame["gpus"], frame["days"], "o-", color="tab:blue", label="days to train")
    days_axis.plot(frame["gpus"], frame["days_with_failures"], "o--", color="tab:blue", alpha=0.5,
                   label="days with failures and checkpoints")
    days_axis.set_xscale("log")
    days_axis.set_yscale("log")
    days_axis.set_xticks(SIZES, [f"{gpus / 1000:g}k" for gpus in SIZES])
    days_axis.minorticks_off()
    days_axis.set_xlabel("H100 GPUs")
    days_axis.set_ylabel("days", color="tab:blue")
    power_axis = days_axis.twinx()
    power_axis.plot(frame["gpus"], frame["facility_peak_mw"], "s-", color="tab:red", label="facility peak MW")
    power_axis.set_ylabel("facility peak MW", color="tab:red")
    lines = days_axis.get_legend_handles_labels()[0] + power_axis.get_legend_handles_labels()[0]
    days_axis.legend(lines, [line.get_label() for line in lines], loc="upper center")
    days_axis.set_title("Grok-3-class on 25T tokens: GPUs vs days and megawatts (gigasim plan)")
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="gpu-sweep.png", help="the PNG to write")
    parser.add_argument("--csv", help="also write the table as CSV here")
    arguments = parser.parse_args()
    frame = pandas.DataFrame([row(gpus) for gpus in SIZES])
    with pandas.option_context("display.width", 160, "display.max_columns", 20):
        print(frame.to_string(index=False, float_format=lambda value: f"{value:,.3g}"))
    if arguments.csv:
        frame.to_csv(arguments.csv, index=False)
    plot(frame, arguments.out)
    print(f"wrote {arguments.out}")


if __name__ == "__main__":
    main()
