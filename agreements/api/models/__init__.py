"""The API's request and response models (pydantic v2), one module per resource: the request models check the
shape of bodies and query strings, the response models serialise, and both write the OpenAPI document
(``api.contract``). What a value means (dates in order, codes that exist, what a role may do) is the services'."""
