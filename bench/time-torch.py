"""PyTorch as one contender of bench/run.mjs's rounds, in a process of its own.

"lab": Lab 5's training loop verbatim (/work/shared/seeds, "Training with
Low-level Binary Cross Entropy Loss"): W, b zeros, optim.SGD([W, b], lr),
sigmoid of x.matmul(W) + b, its cost written out, zero_grad, backward, step;
the lab prints cost.item() every logEvery-th epoch, here it is only read.
"softmax": nn.Linear(d, K) (weights set to zero, as the engine starts),
F.cross_entropy and optim.SGD, full batch. Both then take the cost and
accuracy at the returned weights, inside the timed call, as a training
request does for its metrics. One thread: torch.set_num_threads(1).

Usage: python3 bench/time-torch.py <lab|softmax> <x.f32> <y.f32> <rows> <cols>
  <epochs> <lr> <classes>
Then one training per stdin line, which holds its logEvery; for each, one
line out: "<ms> <last logged cost> <final cost> <final accuracy>".
"""
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.set_num_threads(1)
mode, x_path, y_path = sys.argv[1:4]
rows, cols, nb_epochs = (int(v) for v in sys.argv[4:7])
lr = float(sys.argv[7])
classes = int(sys.argv[8])
x_train = torch.from_numpy(np.fromfile(x_path, dtype="<f4").reshape(rows, cols))
labels = np.fromfile(y_path, dtype="<f4")


def train_lab(log_every):
    y_train = torch.from_numpy(labels.reshape(rows, 1))
    W = torch.zeros((cols, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    optimizer = optim.SGD([W, b], lr=lr)
    logged = float("nan")
    for epoch in range(nb_epochs + 1):
        hypothesis = torch.sigmoid(x_train.matmul(W) + b)
        cost = -(
            y_train * torch.log(hypothesis) + (1 - y_train) * torch.log(1 - hypothesis)
        ).mean()
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
        if epoch % log_every == 0:
            logged = cost.item()
    with torch.no_grad():
        hypothesis = torch.sigmoid(x_train.matmul(W) + b)
        final = -(
            y_train * torch.log(hypothesis) + (1 - y_train) * torch.log(1 - hypothesis)
        ).mean()
        correct = (hypothesis >= 0.5).float() == y_train
        return logged, final.item(), correct.float().mean().item()


def train_softmax(log_every):
    y_train = torch.from_numpy(labels).long()
    model = nn.Linear(cols, classes)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    logged = float("nan")
    for epoch in range(nb_epochs + 1):
        prediction = model(x_train)
        cost = F.cross_entropy(prediction, y_train)
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
        if epoch % log_every == 0:
            logged = cost.item()
    with torch.no_grad():
        prediction = model(x_train)
        final = F.cross_entropy(prediction, y_train)
        correct = prediction.argmax(dim=1) == y_train
        return logged, final.item(), correct.float().mean().item()


train = train_lab if mode == "lab" else train_softmax
for line in sys.stdin:
    log_every = int(line)
    if log_every <= 0:
        break
    start = time.perf_counter()
    logged, final, accuracy = train(log_every)
    ms = (time.perf_counter() - start) * 1000
    print(f"{ms} {logged!r} {final!r} {accuracy!r}", flush=True)
