#!/usr/bin/python3
"""Interrupts `dlc train --checkpoint` many times and checks nothing is lost.

usage: interrupt_training.py DLC MODEL DATA WORKDIR [--interruptions N]
                             [--seed S] [--epochs E]

Each round starts `dlc train MODEL --data DATA --checkpoint ckpt.pb` (with
--resume ckpt.pb once a checkpoint exists), waits a random time (seeded)
after training began, and sends SIGKILL or, one round in four, SIGINT.
After every round the checkpoint must load (the next round resumes from it:
never torn, whatever the moment of the kill) and its progress must not go
back; a SIGINT must end the program with code 130 after writing a
checkpoint of the steps done. A last round runs to the end, and its weights
must be bit for bit those of an uninterrupted run. Prints one line a round
and a summary; exits 1 on the first violation.
"""
import argparse
import os
import random
import re
import signal
import subprocess
import sys
import time


def train(args, workdir, extra, output):
    command = [args.dlc, "train", args.model, "--data", args.data,
               "--seed", "1", "--epochs", str(args.epochs),
               "--history", os.path.join(workdir, "history.csv")] + extra
    return subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                            cwd=workdir)


def progress(log_path):
    """(epoch, step) a round resumed after, from its first output line."""
    with open(log_path, errors="replace") as log:
        text = log.read()
    match = re.search(r"Resuming after epoch (\d+)(?:, step (\d+))?", text)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def modified(path):
    """The modification time of `path` in ns, or None."""
    try:
        return os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dlc")
    parser.add_argument("model")
    parser.add_argument("data")
    parser.add_argument("workdir")
    parser.add_argument("--interruptions", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--max-wait", type=float, default=1.5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    workdir = os.path.abspath(args.workdir)
    os.makedirs(workdir, exist_ok=True)
    checkpoint = os.path.join(workdir, "ckpt.pb")
    if os.path.exists(checkpoint):
        os.remove(checkpoint)

    last = (0, 0)
    kills = interrupts = 0
    for round_number in range(args.interruptions):
        extra = ["--checkpoint", checkpoint]
        if os.path.exists(checkpoint):
            extra += ["--resume", checkpoint]
        log_path = os.path.join(workdir, "round.log")
        before = modified(checkpoint)
        with open(log_path, "w") as log:
            process = train(args, workdir, extra, log)
            # Wait until the program trains (it writes a checkpoint after
            # each epoch), then a random moment more.
            deadline = time.time() + 60
            while time.time() < deadline and process.poll() is None:
                if modified(checkpoint) != before:
                    break
                time.sleep(0.005)
            time.sleep(rng.uniform(0, args.max_wait))
            use_sigint = rng.random() < 0.25
            if process.poll() is None:
                process.send_signal(signal.SIGINT if use_sigint
                                    else signal.SIGKILL)
            code = process.wait()
        resumed = progress(log_path)
        if resumed is not None and resumed < last:
            sys.exit(f"round {round_number}: resumed at {resumed}, "
                     f"behind {last}")
        last = resumed or last
        if use_sigint and code not in (0, 130):
            sys.exit(f"round {round_number}: SIGINT ended the program with "
                     f"{code}:\n" + open(log_path).read())
        if use_sigint and code == 130:
            interrupts += 1
            if "checkpoint written to" not in open(log_path).read():
                sys.exit(f"round {round_number}: no checkpoint on SIGINT")
        elif code == -signal.SIGKILL:
            kills += 1
        elif code != 0:
            sys.exit(f"round {round_number}: exit code {code}:\n" +
                     open(log_path).read())
        print(f"round {round_number}: "
              f"{'SIGINT' if use_sigint else 'SIGKILL'}, exit {code}, "
              f"resumed after {resumed}")

    final = os.path.join(workdir, "resumed.pb")
    extra = ["--checkpoint", checkpoint, "--save", final]
    if os.path.exists(checkpoint):
        extra += ["--resume", checkpoint]
    with open(os.path.join(workdir, "final.log"), "w") as log:
        if train(args, workdir, extra, log).wait() != 0:
            sys.exit("the last round failed:\n" +
                     open(os.path.join(workdir, "final.log")).read())
    reference = os.path.join(workdir, "uninterrupted.pb")
    with open(os.path.join(workdir, "reference.log"), "w") as log:
        if train(args, workdir, ["--save", reference], log).wait() != 0:
            sys.exit("the uninterrupted run failed")
    for path in (final, reference):
        subprocess.run([args.dlc, "convert", path, path + ".onnx"],
                       check=True, stdout=subprocess.DEVNULL)
    compare = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                           "test", "e2e", "Inputs", "compare-initializers.py")
    result = subprocess.run([sys.executable, compare, final + ".onnx",
                             reference + ".onnx"], capture_output=True,
                            text=True)
    print(result.stdout.strip())
    if result.returncode != 0:
        sys.exit("the resumed weights differ from the uninterrupted run's")
    print(f"{kills} SIGKILL and {interrupts} SIGINT interruptions: nothing "
          f"lost, the same final weights")


main()
