// The build failed (invoker.properties); check that it said why, naming the class, the methods and the fix.
def log = new File(basedir, 'build.log').text
assert log.contains('Bindery cannot host')
assert log.contains("Actor class org.acme.Cart has two methods named 'add'")
assert log.contains('org.acme.Cart#add(java.lang.String)')
assert log.contains('org.acme.Cart#add(java.lang.String, int)')
assert log.contains('give each its own name')
true
