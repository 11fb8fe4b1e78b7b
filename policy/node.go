package policy

import "go.yaml.in/yaml/v3"

type yamlNode = yaml.Node

const scalarKind = yaml.ScalarNode
