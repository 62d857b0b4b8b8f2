package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.type.DataType;

import java.util.Map;

/**
 * An embedded server's map: remembers a document's BSON as it is put, so that the commits that write its page
 * again and again do not encode it again ({@link EncodedValues}). mongo-java-server changes a stored document in
 * place and then puts it: the put refreshes what is remembered.
 */
final class BsonMap extends MVMap<Object, Object> {

    private BsonMap(Map<String, Object> config, DataType<Object> keyType, DataType<Object> valueType) {
        super(config, keyType, valueType);
    }

    @Override
    public Object put(Object key, Object value) {
        if (value instanceof Document document) {
            BsonValuesDataType.INSTANCE.remember(document);
        }
        return super.put(key, value);
    }

    static final class Builder extends MVMap.Builder<Object, Object> {
        Builder() {
            keyType(BsonValuesDataType.INSTANCE);
            valueType(BsonValuesDataType.INSTANCE);
        }

        @Override
        protected MVMap<Object, Object> create(Map<String, Object> config) {
            return new BsonMap(config, getKeyType(), getValueType());
        }
    }
}
