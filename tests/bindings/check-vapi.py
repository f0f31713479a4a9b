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
  default both);
- a property that Vala reads through a `get_<name>` method of another type
  (vapigen ignores the GIR's getter="...": Connection:protocol-version would
  read gossl_connection_get_protocol_version(), OpenSSL's number, as a
  GTlsProtocolVersion), or through no method at all;
- an array of `void*`: a GPtrArray whose element type Vala was not told.

introspection/Gossl-1.0.metadata fixes each for vapigen: a new function
that trips one of these needs a line there.
"""
import re
import sys


def plain_type(declared):
    """A declared type without what does not change how C reads it."""
    return re.sub(r'^(?:unowned |owned )', '', declared).rstrip('?')


def accessor_problems(getters, properties):
    """Properties read through a missing getter or one of another type."""
    for number, name, declared, text in properties:
        getter = getters.get(f'get_{name}')
        if getter is None:
            yield number, f'property {name} without get_{name}() or [NoAccessorMethod]', text
        elif plain_type(getter) != plain_type(declared):
            yield number, f'property {name} read through get_{name}() of type {getter}', text


def problems(lines):
    sealed = None  # the sealed class being read
    getters, properties = {}, []  # of the class being read
    no_accessor = False  # a [NoAccessorMethod] line came just before
    for number, line in enumerate(lines, 1):
        text = line.strip()
        opened = re.match(r'public (sealed )?(?:abstract )?(?:class|interface) (\w+)', text)
        if opened or text == '}':
            yield from accessor_problems(getters, properties)
            getters, properties = {}, []
        if opened:
            sealed = opened.group(2) if opened.group(1) else None
        method = re.match(r'public (?:static )?((?:unowned )?[\w.<>?*]+) (get_\w+) \(\);', text)
        if method:
            getters[method.group(2)] = method.group(1)
        prop = re.match(r'public ([\w.<>?*]+) (\w+) \{ (?:owned )?get;', text)
        if prop and not no_accessor:
            properties.append((number, prop.group(2), prop.group(1), text))
        if text.startswith('['):
            no_accessor = no_accessor or text == '[NoAccessorMethod]'
        else:
            no_accessor = False
        if '<void*>' in text:
            yield number, 'an array of void*', text
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
