"""Times the per-step output loop of AMD's MLPerf v4.1 llama2-70b Server harness on this host.

What it replays: mlcommons/inference_results_v4.1 @a2f5d66d,
closed/AMD/code/llama2-70b-99.9/VllmFp8/queue_llm.py, QueueLLM._run_engine. After every
LLMEngine.step() the harness walks every running request's output and, Server only, puts its new
token on a multiprocessing queue (the Offline harness only collects finished requests), on the
engine's thread, synchronously with V0's step. Here: N stand-in outputs that each grew by one token,
the loop's body as the harness has it, a consumer process draining the queue, and a 50 ms sleep per
step standing for the GPU step (the GIL is free then, so the queue's feeder thread pickles and writes
during it, as it would in the real engine).

Prints the loop's time per sequence per step on the engine thread, and pickle's time per item (the
feeder thread's share). Used by validation/README.md ("V0 scheduler rows") to rule this loop out as
the cause of V06's TPOT gap. Run: python3 scripts/amd-server-harness-loop.py
"""
import multiprocessing as mp
import pickle
import time


class Completion:
    __slots__ = ("token_ids",)

    def __init__(self):
        self.token_ids = [1] * 100


class Output:
    __slots__ = ("request_id", "outputs", "finished")

    def __init__(self, i):
        self.request_id = str(i)
        self.outputs = [Completion()]
        self.finished = False


def drain(q):
    while q.get() != "STOP":
        pass


def loop_seconds_per_seq(n, steps=60):
    result_queue, first_token_queue = mp.Queue(), mp.Queue()
    consumer = mp.Process(target=drain, args=(result_queue,))
    consumer.start()
    outs = [Output(i) for i in range(n)]
    request_stats = {o.request_id: len(o.outputs[0].token_ids) for o in outs}
    spent = 0.0
    for _ in range(steps):
        for o in outs:
            o.outputs[0].token_ids.append(29871)
        start = time.perf_counter()
        for output in outs:  # the harness's loop body, Server path
            output_len = len(output.outputs[0].token_ids)
            if output_len > 0 and output.request_id not in request_stats:
                first_token_queue.put((output.request_id, output.outputs[0].token_ids))
                request_stats[output.request_id] = output_len
            if request_stats[output.request_id] < output_len:
                result_queue.put_nowait(
                    (output.request_id, output.outputs[0].token_ids[request_stats[output.request_id]:output_len])
                )
                request_stats[output.request_id] = output_len
        spent += time.perf_counter() - start
        time.sleep(0.05)
    result_queue.put("STOP")
    consumer.join()
    return spent / steps / n


if __name__ == "__main__":
    for n in (100, 400, 800):
        print(f"{n} sequences a step: {loop_seconds_per_seq(n) * 1e6:.2f} us per sequence on the engine thread")
    start = time.perf_counter()
    for _ in range(200_000):
        pickle.dumps(("12345", [29871]))
    print(f"pickle of one item: {(time.perf_counter() - start) / 200_000 * 1e6:.2f} us (the feeder thread)")
