def test_world(world, make_agreement, runner):
    a = make_agreement()
    assert a.reference.startswith("MOU-")
    r = runner.invoke(["audit", "verify"])
    assert r.exit_code == 0, r.output
    assert "OK" in r.output
