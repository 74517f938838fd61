"""Methods: overriding, dispatch through the base class, explicit base calls."""


class Animal(object):
    # the base constructor
    def __init__(self, name):
        self.name = name
        self.fed = 0

    # a getter returning an attribute of self
    def get_name(self):
        return self.name

    # overridden in every subclass
    def speak(self):
        return "..."

    # overridden in some subclasses
    def legs(self):
        return 4

    # calls overridden methods on self
    def describe(self):
        return self.name + " says " + self.speak()

    # a setter that returns self, for chaining
    def feed(self, amount):
        self.fed += amount
        return self

    # a method with a default argument
    def greet(self, times=1):
        return self.speak() * times


class Bird(Animal):
    # overrides speak
    def speak(self):
        return "tweet"

    # overrides legs
    def legs(self):
        return 2


class Snake(Animal):
    # calls the base constructor explicitly and adds an attribute
    def __init__(self, name, length):
        Animal.__init__(self, name)
        self.length = length

    # overrides speak
    def speak(self):
        return "hiss"

    # overrides legs
    def legs(self):
        return 0

    # extends the base method by calling it explicitly
    def describe(self):
        return Animal.describe(self) + " (" + str(self.length) + ")"


class Parrot(Bird):
    # overrides a method of an intermediate class
    def speak(self):
        return "hello " + Bird.speak(self)


class Util(object):
    # a static method
    @staticmethod
    def double(x):
        return x * 2


# dispatch of an overridden method through the base class
def total_legs(animals):
    total = 0
    for a in animals:
        total += a.legs()
    return total


# a method defined in the base class calling overridden methods
def descriptions(animals):
    out = []
    for a in animals:
        out.append(a.describe())
    return out


# calling a getter and a method with and without its default argument
def names(a):
    return a.get_name() + a.greet() + a.greet(2) + a.greet(times=3)


# method chaining: feed() returns self
def feed_twice(a, k):
    return a.feed(k).feed(k).fed


# a subclass-typed variable calls a method inherited from the base
def snake_name(s):
    return s.get_name() + str(s.length)


# calling a static method
def doubled(n):
    return Util.double(n)


# the entry point: every function called with values derived from argv
def entry_point(argv):
    n = len(argv)
    s = argv[0]
    snake = Snake(s, n)
    zoo = [Animal(s), Bird("b"), snake, Parrot("p")]
    total_legs(zoo)
    descriptions(zoo)
    names(zoo[n - 1])
    feed_twice(zoo[0], n)
    snake_name(snake)
    doubled(n)
    return 0


if __name__ == "__main__":
    import sys
    sys.exit(entry_point(sys.argv))
