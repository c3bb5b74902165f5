// The build failed (invoker.properties); check that it said why, naming each method and the fix.
def log = new File(basedir, 'build.log').text
assert log.contains('Bindery cannot host')
assert log.contains('org.acme.BadFunctions#hidden(java.lang.String) is not public')
assert log.contains('make the method and its class public')
assert log.contains('org.acme.BadFunctions#both(java.lang.String, java.lang.String) takes 2 data parameters [a, b]')
assert log.contains("Functions 'first' [type=com.example.order.placed] and 'second' [source=/shop] both match")
assert log.contains('Make one filter more specific')
assert log.contains('org.acme.BadFunctions#unfinishedSql(java.lang.String): CESQL expression "amount > 100 AND (" does not parse at character 19')
true
