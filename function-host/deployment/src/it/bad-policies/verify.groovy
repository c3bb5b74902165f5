// The build failed (invoker.properties); check that it named each policy rule that matches no function.
def log = new File(basedir, 'build.log').text
assert log.contains('Bindery cannot host')
assert log.contains('bindery.access.policies."ci".functions."plaseOrder" matches no function of the application (its functions: [greet, placeOrder])')
assert log.contains('bindery.access.policies."ops".functions."report*" matches no function')
assert !log.contains('functions."greet" matches no function')
assert !log.contains('functions."place*" matches no function')
true
