"""Training and honest evaluation of the learned parts of `clean` (line classifiers, page-type gate).

Four places, as in dragnet: `cleanwire.core.blocks` makes candidates, `cleanwire.core.features`
describes them, `cleanwire.core.model` decides; this package holds the data (`data`), the labels
(`labels`), the flatteners that turn HTML into the text a fetcher would send (`flatten`) and the
training and grouped cross-validation (`train`). Nothing here runs in the service.
"""
