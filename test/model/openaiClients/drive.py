"""Drives `synthforge serve` with the official OpenAI Python client, one check per feature.

Run by test/model/serveOpenAIClients.test.ts with the server's base URL; prints one JSON
object of what each call returned, which the test asserts on.
"""

import json
import sys
from typing import Literal

import openai
from pydantic import BaseModel


class Review(BaseModel):
    sentiment: Literal["positive", "negative"]
    stars: int


def main(base_url: str) -> None:
    client = openai.OpenAI(base_url=base_url, api_key="unused", max_retries=0)
    out: dict = {}
    model = client.models.list().data[0].id
    out["models"] = [entry.id for entry in client.models.list().data]
    ask = [{"role": "user", "content": "Name three fruits."}]
    same = {"temperature": 0, "seed": 7, "max_tokens": 24}

    chat = client.chat.completions.create(model=model, messages=ask, **same)
    out["chat"] = {"text": chat.choices[0].message.content, "finish": chat.choices[0].finish_reason,
                   "usage": chat.usage.model_dump()}

    streamed, finishes, ids, roles = [], [], set(), []
    usage = None
    for chunk in client.chat.completions.create(model=model, messages=ask, stream=True,
                                                stream_options={"include_usage": True}, **same):
        ids.add(chunk.id)
        if chunk.usage is not None:
            usage = chunk.usage.model_dump()
        for choice in chunk.choices:
            if choice.delta.role:
                roles.append(choice.delta.role)
            streamed.append(choice.delta.content or "")
            if choice.finish_reason:
                finishes.append(choice.finish_reason)
    out["stream"] = {"text": "".join(streamed), "finishes": finishes, "ids": len(ids), "roles": roles, "usage": usage}

    several = client.chat.completions.create(model=model, messages=ask, n=3, temperature=1.0, seed=3, max_tokens=12)
    out["n"] = [choice.message.content for choice in several.choices]

    # The stop string is a piece of the answer itself, so the cut is known whatever the model writes.
    stop = out["chat"]["text"][4:7]
    stopped = client.chat.completions.create(model=model, messages=ask, stop=[stop], **same)
    out["stop"] = {"text": stopped.choices[0].message.content, "finish": stopped.choices[0].finish_reason,
                   "expected": out["chat"]["text"][: out["chat"]["text"].index(stop)]}

    probs = client.chat.completions.create(model=model, messages=ask, logprobs=True, top_logprobs=3, **same)
    content = probs.choices[0].logprobs.content
    out["logprobs"] = {"tokens": [entry.token for entry in content], "logprobs": [entry.logprob for entry in content],
                       "top": [len(entry.top_logprobs) for entry in content], "text": probs.choices[0].message.content}
    try:
        client.chat.completions.create(model=model, messages=ask, logprobs=True, top_logprobs=21)
        out["top_logprobs_21"] = "accepted"
    except openai.BadRequestError as error:
        out["top_logprobs_21"] = error.status_code

    weather_tool = {"type": "function", "function": {"name": "get_weather", "description": "Weather in a city",
                    "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
                                   "required": ["city", "days"], "additionalProperties": False}}}
    called = client.chat.completions.create(model=model, messages=[{"role": "user", "content": "What is the weather in Paris for 3 days?"}],
                                            tools=[weather_tool], tool_choice="required", temperature=0, seed=1, max_tokens=60)
    call = called.choices[0].message.tool_calls[0]
    out["tools"] = {"finish": called.choices[0].finish_reason, "name": call.function.name,
                    "arguments": json.loads(call.function.arguments)}

    with client.beta.chat.completions.stream(model=model, messages=[{"role": "user", "content": "What is the weather in Paris for 3 days?"}],
                                             tools=[weather_tool], tool_choice="required", temperature=0, seed=1, max_tokens=60) as stream:
        deltas = announced = 0
        for event in stream:
            if event.type == "tool_calls.function.arguments.delta":
                deltas += 1
            if event.type == "chunk":
                announced += sum(1 for delta in event.chunk.choices[0].delta.tool_calls or [] if delta.id)
        final = stream.get_final_completion()
    streamed_call = final.choices[0].message.tool_calls[0]
    out["tools_stream"] = {"finish": final.choices[0].finish_reason, "name": streamed_call.function.name,
                           "arguments": streamed_call.function.arguments, "deltas": deltas, "announced": announced}

    parsed = client.beta.chat.completions.parse(model=model, messages=[{"role": "user", "content": "Review: great lamp, five stars."}],
                                                response_format=Review, temperature=0, seed=1, max_tokens=60)
    out["parse"] = parsed.choices[0].message.parsed.model_dump()

    with client.beta.chat.completions.stream(model=model, messages=[{"role": "user", "content": "Review: bad lamp, one star."}],
                                             response_format=Review, temperature=0, seed=1, max_tokens=60) as stream:
        deltas = sum(1 for event in stream if event.type == "content.delta")
        final = stream.get_final_completion()
    out["parse_stream"] = {"parsed": final.choices[0].message.parsed.model_dump(), "deltas": deltas}

    completion = client.completions.create(model=model, prompt="The capital of France is", max_tokens=8, temperature=0, seed=1)
    streamed_completion = "".join(chunk.choices[0].text for chunk in client.completions.create(
        model=model, prompt="The capital of France is", max_tokens=8, temperature=0, seed=1, stream=True) if chunk.choices)
    out["completions"] = {"text": completion.choices[0].text, "streamed": streamed_completion,
                          "finish": completion.choices[0].finish_reason}
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
