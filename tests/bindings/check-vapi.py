#!/usr/bin/env python3
"""Check the generated VAPI for what Vala programmers trip over.

  check-vapi.py gossl-1.vapi

Fails, naming the line, on:

- an array of objects that does not own them (`GenericArray<weak ...>`):
  gossl's arrays hold a reference to each element (g_ptr_array_new_full
  with g_object_unref), so the VAPI must say `GenericArray<Gossl.X509>`;
- a `protected` constructor in a sealed class: it cannot be called and
  there are no subclasses to chain up from it;
- an async method whose `io_priority` or `cancellable` has no default, so
  that `yield x.foo_async ()` would not compile (GIO's own async methods
  default both).

introspection/Gossl-1.0.metadata fixes each for vapigen: a new function
that trips one of these needs a line there.
"""
import re
import sys


def problems(lines):
    sealed = None  # the sealed class being read
    for number, line in enumerate(lines, 1):
        text = line.strip()
        opened = re.match(r'public (sealed )?(?:abstract )?class (\w+)', text)
        if opened:
            sealed = opened.group(2) if opened.group(1) else None
        if 'GenericArray<weak ' in text:
            yield number, 'an array that does not own its elements', text
        if sealed and re.match(rf'protected {sealed}\s*\(', text):
            yield number, f'a protected constructor in sealed class {sealed}', text
        if re.match(r'public (?:\w+ )*async ', text):
            for name in ('io_priority', 'cancellable'):
                param = re.search(rf'[\w.?]+ {name}\b( = [^,)]+)?', text)
                if param and not param.group(1):
                    yield number, f'{name} without a default', text


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: check-vapi.py VAPI')
    with open(sys.argv[1], encoding='utf-8') as f:
        found = list(problems(f.readlines()))
    for number, what, text in found:
        print(f'{sys.argv[1]}:{number}: {what}: {text}')
    if found:
        sys.exit(f'check-vapi: {len(found)} problem(s); see introspection/Gossl-1.0.metadata')
    print('check-vapi: no problem found')


if __name__ == '__main__':
    main()
