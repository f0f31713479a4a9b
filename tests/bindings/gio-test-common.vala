// gio-test-common.vala: what the Vala test programs of the GLib face share:
// ok/not ok reporting and tests/files.

int failed = 0;
string files;

void check (bool ok, string what) {
    print ("%s - %s\n", ok ? "ok" : "not ok", what);
    if (!ok)
        failed++;
}

void equal (string? got, string? expected, string what) {
    check (got == expected, "%s: \"%s\" == \"%s\"".printf (what, got ?? "(null)", expected ?? "(null)"));
}

string file_path (string name) {
    return Path.build_filename (files, name);
}
