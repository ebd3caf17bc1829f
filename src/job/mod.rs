//! Scene inputs (.zip, directory, .ini, .pov) turned into a scene file to parse, safely.
